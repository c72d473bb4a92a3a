/** Injection token of the AuditSetup (key and checkpoint) that main.ts opens before Nest starts. */
export const AUDIT_SETUP = Symbol('AUDIT_SETUP');
