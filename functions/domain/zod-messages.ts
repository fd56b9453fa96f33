/**
 * zod/mini (issue 14: a fifth of classic zod's bytes) ships without messages; this gives its
 * schemas the English ones classic zod uses, so a refusal still names the rule in words. Every
 * module that declares schemas imports it once, for this effect.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
