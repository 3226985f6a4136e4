/** twoWay.suite.ts, part 2 of the versions (parts.ts). */
import { twoWaySuite } from './twoWay.suite';

twoWaySuite(2);
