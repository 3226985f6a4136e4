/** events.suite.ts, part 3 of the versions (parts.ts). */
import { eventsSuite } from './events.suite';

eventsSuite(3);
