import { splitBlocks } from '../../src/markdown/splitBlocks';
test('x', () => {
  const a = splitBlocks('First **para**.\n\n- item', true);
  const b = splitBlocks('First **para**.\n\n- item\n\nThird', true, a);
  const c = splitBlocks('First **para**.\n\n- item\n\nThird and', true, b);
  console.log(a.blocks.map(x=>[x.start,x.raw,x.open]), b.blocks.map(x=>[x.start,x.raw,x.open]), b.blocks[0]===a.blocks[0], c.blocks[0]===b.blocks[0], c.blocks[1]===b.blocks[1]);
});
