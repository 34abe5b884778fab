import { z } from 'zod';

/** Field schemas several services' requests share. */
export const id = z.string().min(1).max(200);
export const path = z.string().min(1).max(4096);
