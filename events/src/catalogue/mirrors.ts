import type { z } from 'zod';

/**
 * Compile-time proof that a response schema describes exactly the interface the server answers
 * with: the schema's output is assignable to `T` (the constraint) and `T` to the output (the
 * intersection). A field added, dropped or widened on either side fails to compile right here.
 */
export const mirrors =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S & ([T] extends [z.output<S>] ? unknown : { error: 'the schema and the interface differ' })): S =>
    schema;
