/** twoWay.suite.ts, part 3 of the versions (parts.ts). */
import { twoWaySuite } from './twoWay.suite';

twoWaySuite(3);
