// Hostile bodies against every API write (an administrator's bearer token, or a session with its
// CSRF header).
import { hostileSuite } from './hostile-run.js';

hostileSuite(true);
