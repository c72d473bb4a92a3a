import { z } from 'zod';

// zod compiles fast object parsers with `new Function` after probing whether eval is allowed; under
// our Content-Security-Policy (no 'unsafe-eval') that probe is a reported violation. Parse without it.
z.config({ jitless: true });
