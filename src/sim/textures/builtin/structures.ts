// Placed and wooden things of the built-in pack: table, furnace, fence, leaves and log.
import type { TextureImage } from '../pack.ts';
import { paint, rgb, type Palette } from './draw.ts';

const WOOD: Palette = {
  W: rgb('#4a2f17'),
  P: rgb('#d2a05e'),
  p: rgb('#b98444'),
  m: rgb('#8d5f2e'),
};

// A workbench seen from above: a plank top ruled into a 3x3 crafting grid, a nail in the middle.
export function table(): TextureImage {
  return paint('table', [
    'WWWWWWWWWWWWWWWW',
    'WmmmmmmmmmmmmmmW',
    'WmPPPWPPPPWPPPmW',
    'WmPPPWPPPPWPPPmW',
    'WmpppWppppWpppmW',
    'WmWWWWWWWWWWWWmW',
    'WmPPPWPPPPWPPPmW',
    'WmPPPWPkkPWPPPmW',
    'WmPPPWPkKPWPPPmW',
    'WmpppWppppWpppmW',
    'WmWWWWWWWWWWWWmW',
    'WmPPPWPPPPWPPPmW',
    'WmPPPWPPPPWPPPmW',
    'WmpppWppppWpppmW',
    'WmmmmmmmmmmmmmmW',
    'WWWWWWWWWWWWWWWW',
  ], { ...WOOD, k: rgb('#c4c8ce'), K: rgb('#5a5e66') });
}

export function furnace(): TextureImage {
  return paint('furnace', [
    'QQQQQQQQQQQQQQQQ',
    'QkkkkQkkkkkQkkkQ',
    'QkkkkQkkkkkQkkkQ',
    'QQQQQQQQQQQQQQQQ',
    'QkkQXXXXXXXXQkkQ',
    'QkkXXXXXXXXXXkkQ',
    'QQQXXXXXXXXXXQQQ',
    'QkkXXXXoXXXXXkkQ',
    'QkkXXXoYoXoXXkkQ',
    'QQQXXoYYooYoXQQQ',
    'QkkXoYYYYYYoXkkQ',
    'QkkXooYYYYooXkkQ',
    'QQQQQQQQQQQQQQQQ',
    'QkkkkkQkkkkkQkkQ',
    'QkkkkkQkkkkkQkkQ',
    'QQQQQQQQQQQQQQQQ',
  ], { Q: rgb('#3b3c42'), k: rgb('#6d7078'), X: rgb('#121214'), o: rgb('#f0741c'), Y: rgb('#ffd84a') });
}

export function fence(): TextureImage {
  return paint('fence', [
    '................',
    '..NN........NN..',
    '..nN........nN..',
    '..nN........nN..',
    'PPPPPPPPPPPPPPPP',
    'pppppppppppppppp',
    '..nN........nN..',
    '..nN........nN..',
    '..nN........nN..',
    '..nN........nN..',
    'PPPPPPPPPPPPPPPP',
    'pppppppppppppppp',
    '..nN........nN..',
    '..nN........nN..',
    '..nN........nN..',
    '..NN........NN..',
  ], { ...WOOD, n: rgb('#a8743a'), N: rgb('#5c3b1c') });
}

export function leaves(): TextureImage {
  return paint('leaves', [
    'aaAAaaaaaAAaaaaa',
    'aAllAaaaAllAaaab',
    'aAlAaabaaAAaaabb',
    'aaAaabbbaaaaaaba',
    'aaaaaabaaaaAAaaa',
    'baaaaaaaaaAllAaa',
    'bbaaAAaaaaAlAaaa',
    'baaAllAaaaaAaaaa',
    'aaaAlAaaabaaaaAA',
    'aaaaAaaabbbaaAll',
    'aAAaaaaaabaaaAlA',
    'AllAaaaaaaaaaaAa',
    'AlAaaaaAAaaaaaaa',
    'aAaabaAllAaaabaa',
    'aaabbbAlAaaabbba',
    'aaaabaaAaaaaabaa',
  ], { a: rgb('#3f8f3a'), A: rgb('#2b6a2a'), l: rgb('#7cc25a'), b: rgb('#1d4a1f') });
}

export function log(): TextureImage {
  return paint('log', [
    'bBBbbBBBbbBBBbbB',
    'bBBbbBBBbbBBBbbB',
    'bBbbbBBbbbBBbbbB',
    'bBBbbBBBbbBBBbbB',
    'BBBbbBBBbbbBBbbB',
    'bBBbbbBBbbBBBbbb',
    'bBBbbBBBbbBBBbbB',
    'bBBbbBBBbbBBBbbB',
    'bBBbbBBbbbBBBbbB',
    'bBBbbBBBbbBBbbbB',
    'bbBbbBBBbbBBBbbB',
    'bBBbbBBBbbBBBbbB',
    'bBBbbBBBbBBBBbbB',
    'bBBbbbBBbbBBBbbB',
    'bBBbbBBBbbBBBbbb',
    'bBBbbBBBbbBBBbbB',
  ], { b: rgb('#5a3a1e'), B: rgb('#8a5c30') });
}
