// The player (four facings, asleep, and the plain sprite), cow, zombie, skeleton and arrows of
// the built-in pack. Creatures keep a transparent background so the ground shows through.
import type { TextureImage } from '../pack.ts';
import { mirrorX, mirrorY, paint, rgb, rotateClockwise, type Palette } from './draw.ts';

// Red tunic, brown hair, blue trousers; the yellow wedge on one edge points where the player faces.
const PLAYER: Palette = {
  h: rgb('#5a3414'),
  s: rgb('#f0c09a'),
  E: rgb('#1a1a1a'),
  S: rgb('#d23c32'),
  T: rgb('#6e1e18'),
  A: rgb('#34447a'),
  B: rgb('#2a2018'),
  Y: rgb('#ffdc28'),
  Z: rgb('#ffffff'),
};

const PLAYER_FRONT = [
  '.....hhhhhh.....',
  '....hhhhhhhh....',
  '....hssssssh....',
  '....sEssssEs....',
  '....ssssssss....',
  '...SSSSSSSSSS...',
  '..sSSSSSSSSSSs..',
  '..sSSSSSSSSSSs..',
  '..s.TTTTTTTT.s..',
  '....AAAAAAAA....',
  '....AAA..AAA....',
  '....AAA..AAA....',
  '....BBB..BBB....',
];

export function player(): TextureImage {
  return paint('player', [...PLAYER_FRONT, '................', '................', '................'], PLAYER);
}

export function playerDown(): TextureImage {
  return paint('player-down', [...PLAYER_FRONT, '....YYYYYYYY....', '.....YYYYYY.....', '......YYYY......'], PLAYER);
}

export function playerUp(): TextureImage {
  return paint('player-up', [
    '......YYYY......',
    '.....YYYYYY.....',
    '....YYYYYYYY....',
    '.....hhhhhh.....',
    '....hhhhhhhh....',
    '....hhhhhhhh....',
    '....shhhhhhs....',
    '...SSSSSSSSSS...',
    '..sSSSSSSSSSSs..',
    '..sSSSSSSSSSSs..',
    '..s.TTTTTTTT.s..',
    '....AAAAAAAA....',
    '....AAA..AAA....',
    '....AAA..AAA....',
    '....BBB..BBB....',
    '................',
  ], PLAYER);
}

export function playerRight(): TextureImage {
  return paint('player-right', [
    '...hhhhhh.......',
    '..hhhhhhhh......',
    '..hhhsssssss....',
    '..hhssssssEs....',
    '...hsssssssssY..',
    '....sssssss..YY.',
    '...SSSSSSS...YYY',
    '...SSSSSSSss.YYY',
    '...SSSSSSSss.YYY',
    '...TTTTTTT...YYY',
    '....AAAAAA...YY.',
    '....AAAAAA...Y..',
    '....AA..AA......',
    '....AA..AA......',
    '....BB..BBB.....',
    '................',
  ], PLAYER);
}

export function playerLeft(): TextureImage {
  return mirrorX(playerRight());
}

export function playerSleep(): TextureImage {
  return paint('player-sleep', [
    '.........ZZZZZ..',
    '............ZZ..',
    '...........ZZ...',
    '..........ZZ....',
    '.........ZZZZZ..',
    '....ZZZ.........',
    '.....Z..........',
    '....ZZZ.........',
    '................',
    '.hhhh...........',
    'hhsssSSSSSSSSSA.',
    'hsEEsSSSSSSSSSAB',
    'hsssSSSSSSSSSSAB',
    '.sssSSSSSSSSSSA.',
    '..TTTTTTTTTTTTT.',
    '................',
  ], PLAYER);
}

export function zombie(): TextureImage {
  return paint('zombie', [
    '................',
    '.....zzzzzz.....',
    '....zzzzzzzz....',
    '....zRzzzzRz....',
    '....zzzzzzzz....',
    '....zzXXXXzz....',
    '.....zzzzzz.....',
    'zzzVVVVVVVVVVzzz',
    'zz.VVVVVVVVVV.zz',
    '...VVvVVVVvVV...',
    '....VVVVVVVV....',
    '....UUUUUUUU....',
    '....UUU..UUU....',
    '....UUU..UUU....',
    '....zzz..zzz....',
    '................',
  ], { z: rgb('#7cc49a'), R: rgb('#ff2a2a'), X: rgb('#1e3324'), V: rgb('#5a2f7a'), v: rgb('#3c1e52'), U: rgb('#2c2c3c') });
}

export function skeleton(): TextureImage {
  return paint('skeleton', [
    '................',
    '.....bbbbbb.....',
    '....bbbbbbbb....',
    '....bXXbbXXb....',
    '....bXXbbXXb....',
    '....bbbbbbbb....',
    '.w...bXbXbb.....',
    '.wl....bb.......',
    'w.lbbbbbbbbbb...',
    'w.lb..cbbc..b...',
    'w.lbb.bbbb.bb...',
    'w.l...cbbc......',
    '.wl...bbbb......',
    '.w....bb.bb.....',
    '......bb.bb.....',
    '.....bbb.bbb....',
  ], { b: rgb('#e8e4d0'), c: rgb('#a8a496'), X: rgb('#141414'), w: rgb('#8a5a2b'), l: rgb('#d0d0d0') });
}

export function cow(): TextureImage {
  return paint('cow', [
    '................',
    '............h..h',
    '...........KWWWW',
    '...........WEWWW',
    '.KKKWWWWKKKWWWWW',
    'WKKKWWWWKKKWWPPP',
    'WKKWWWWWWKKWWPPP',
    'WWWWWKKKWWWWW...',
    'WWWWKKKKWWWWW...',
    'WWWWWKKWWWWKK...',
    '.WWWWWWWWWKKK...',
    '.WW.WW...WW.WW..',
    '.WW.WW...WW.WW..',
    '.WW.WW...WW.WW..',
    '.KK.KK...KK.KK..',
    '................',
  ], { W: rgb('#f4f2ec'), K: rgb('#232323'), E: rgb('#101010'), P: rgb('#f2a0b0'), h: rgb('#d8cca0') });
}

export function arrowRight(): TextureImage {
  return paint('arrow-right', [
    '................',
    '................',
    '................',
    '................',
    '...........k....',
    'ff.........kk...',
    '.ff........kkk..',
    '..nnnnnnnnnkkkk.',
    '..nnnnnnnnnkkkk.',
    '.ff........kkk..',
    'ff.........kk...',
    '...........k....',
    '................',
    '................',
    '................',
    '................',
  ], { f: rgb('#e8443a'), n: rgb('#9a6a36'), k: rgb('#d2d6dc') });
}

export function arrowLeft(): TextureImage {
  return mirrorX(arrowRight());
}

export function arrowDown(): TextureImage {
  return rotateClockwise(arrowRight());
}

export function arrowUp(): TextureImage {
  return mirrorY(arrowDown());
}
