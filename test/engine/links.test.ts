// Before a staged scan searches the index for the project's links, a staged
// module is asked whether it could hold a key under a linked name at all.
import { mayDefineLinkedName } from '../../src/engine/links';

describe('mayDefineLinkedName', () => {
  it.each([
    'SIGNING_KEY = "k"\n',
    'K: str = \'k\'\n',
    'A, K = "a", "k"\n',
    'K = (\n    "k"\n)\n',
    'K = os.getenv("X", "k")\r\n',
    'K += "k"\n',
  ])('maybe: %j', (source) => {
    expect(mayDefineLinkedName(Buffer.from(source))).toBe(true);
  });

  it.each([
    'import os\n\nlogger = logging.getLogger(__name__)\n',
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nSECRET_KEY_FALLBACKS = []\n',
    'def f():\n    k = "indented: not module level"\n',
    'if K == "k":\n    pass\n',
  ])('no: %j', (source) => {
    expect(mayDefineLinkedName(Buffer.from(source))).toBe(false);
  });
});
