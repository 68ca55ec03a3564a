// Hostile bodies against every other page form that changes data (agreements, portfolio,
// methodology, accounts, administration, imports, sign-in).
import { hostileSuite } from './hostile-run.js';

hostileSuite(false, (route) => !route.includes(' /partners'), ' (other)');
