/** Who did it: always taken from the token, never from a request body. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export type Role = 'admin' | 'supervisor' | 'auditor' | 'screen' | 'system';

export interface EventMeta {
  actor: Actor;
  /** When the store took the event, UTC milliseconds (set by the store). */
  recordedAt: number;
  /** The business date (YYYY-MM-DD, China time), which may be earlier than recordedAt. */
  occurredOn?: string;
  correlationId: string;
  causationId?: string;
  /** Schema version of `data`; older versions are upcast on read. */
  schema: number;
  prevHash: string;
  hash: string;
  idempotencyKey?: string;
  /** HMAC-SHA256 of `hash` under the audit key (kept outside the store); absent on events written before it. */
  mac?: string;
}

/** An event as it leaves the server: positions are decimal strings, compare them as BigInt. */
export interface EventEnvelope<Type extends string = string, Data = unknown> {
  id: string;
  stream: string;
  revision: number;
  position: string;
  type: Type;
  data: Data;
  meta: EventMeta;
}
