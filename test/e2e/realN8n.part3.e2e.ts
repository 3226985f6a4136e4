/** realN8n.suite.ts, part 3 of the versions (parts.ts). */
import { realN8nSuite } from './realN8n.suite';

realN8nSuite(3);
