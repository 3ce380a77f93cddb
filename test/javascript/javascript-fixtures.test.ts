// fixtures/javascript: express-session, cookie-session, cookie-parser, jsonwebtoken,
// NextAuth, Koa, process.env fallbacks, a file with a syntax error, negatives.
import { describeFixtures } from '../deploy/fixture-cases';

describe('JavaScript and TypeScript fixtures', () => {
  describeFixtures('javascript');
});
