// Hostile bodies against the page forms of partners and their evidence (signed in as an
// administrator, with the session's CSRF token so that the body, not the token, is tested).
import { hostileSuite } from './hostile-run.js';

hostileSuite(false, (route) => route.includes(' /partners'), ' (partners)');
