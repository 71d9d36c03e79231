// A coarse product category for the Online Retail preset, whose rows have none: derived from the description
// by its product-type noun, so the console's embedding map can colour items by kind. Deterministic and small
// on purpose: a keyword table, not a classifier.

/**
 * Product-type words and phrases (up to three words), singular, comma-separated by category; a word listed
 * twice keeps its first category.
 */
const TYPES: ReadonlyArray<readonly [category: string, words: string]> = [
  ['candles & holders', `CANDLE, T-LIGHT, TLIGHT, TEALIGHT, CANDLEHOLDER, LANTERN, INCENSE, OIL BURNER, CANDLESTICK`],
  ['bags & purses', `BAG, HANDBAG, WASHBAG, PURSE, SHOPPER, TOTE, BACKPACK, RUCKSACK, WALLET`],
  [
    'kitchen & dining',
    `MUG, CUP, SAUCER, TEACUP, BOWL, PLATE, DISH, JAR, BOTTLE, CUTLERY, NAPKIN, APRON, TRAY, JUG, BEAKER,
    TEAPOT, GLASS, CAKESTAND, CAKE CASE, PLACEMAT, COASTER, TUMBLER, SPOON, STRAW, TEA TOWEL, LUNCH BOX,
    OVEN GLOVE, CHOPPING BOARD, BAKING SET, MOULD, CUTTER, PANTRY, COOKIE, SPICE, EGG CUP, BREAD BIN,
    CAKE TIN, TEA SET, DOILY, DOILIE, CASE, CAKE STAND, SCALE, CADDY, DISPENSER, SUGAR, COFFEE, TEA,
    POPCORN, JAM, PLACE SETTING`,
  ],
  [
    'paper & cards',
    `CARD, WRAP, NOTEBOOK, STICKER, TISSUE, PAPER, ENVELOPE, TAPE, PENCIL, PEN, SKETCHBOOK, NOTEPAD,
    CALENDAR, BOOK, GIFT TAG, RIBBON, ERASER, RULER, STATIONERY, JOURNAL, WRITING SET, STAMP`,
  ],
  ['boxes & storage', `BOX, TIN, BASKET, CABINET, DRAWER, STORAGE, CONTAINER, CRATE, HAMPER`],
  ['jewellery', `NECKLACE, BRACELET, EARRING, RING, CHARM, BEAD, BROOCH, HAIR CLIP, HAIRCLIP, BANGLE`],
  [
    'decorations',
    `DECORATION, GARLAND, BUNTING, BAUBLE, WREATH, ORNAMENT, HANGING HEART, CHRISTMAS TREE, BELL, FLOWER,
    STAR, BIRD, BUTTERFLY, FEATHER, CONFETTI, BALLOON, HEART, WICKER, CHRISTMAS, STOCKING, CRACKER,
    ANGEL`,
  ],
  [
    'home & garden',
    `SIGN, PLAQUE, FRAME, MIRROR, CLOCK, HOOK, HANGER, COAT RACK, DOORMAT, DOORSTOP, MAGNET, WALL ART,
    LAMP, LAMPSHADE, LIGHT, CHANDELIER, VASE, PLANTER, PLANT POT, WATERING CAN, THERMOMETER, DOOR KNOB,
    DRAWER KNOB, KNOB, ALARM, CHALKBOARD, BOARD, GARDEN, PLANT, POT, PEG, TOILET ROLL, PHOTO CUBE,
    MONEY BANK, PIGGY BANK, KEY FOB`,
  ],
  [
    'textiles',
    `CUSHION, CUSHION COVER, THROW, BLANKET, CURTAIN, HOT WATER BOTTLE, HOTTIE, QUILT, TOWEL, SCARF,
    GLOVE, HAT, UMBRELLA, SLIPPER, HAND WARMER, PARASOL`,
  ],
  [
    'toys & games',
    `TOY, GAME, JIGSAW, PUZZLE, DOLL, BALL, SKIPPING ROPE, PLAYHOUSE, KIT, SPINNING TOP, DOMINO, BINGO,
    SNAKE, TEDDY, SOLDIER, MARBLE, PAINT SET, COLOURING, STENCIL, WATER PISTOL, CRAYON, CHALK, CLAY,
    FELTCRAFT, CRAFT, DOMINOE`,
  ],
];

export const OTHER_CATEGORY = 'other';

/** Word or phrase → category. */
const BY_WORD = new Map<string, string>();
for (const [category, words] of TYPES)
  for (const w of words.split(/,\s*/)) if (!BY_WORD.has(w)) BY_WORD.set(w, category);

/** Plural to singular, for the shapes in the data: BAGS, BOXES, DOILIES stay matchable. */
function singular(word: string): string {
  if (word.length <= 3 || word.endsWith('SS')) return word;
  if (/(X|CH|SH)ES$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('S')) return word.slice(0, -1);
  return word;
}

/**
 * The category of an Online Retail description: the product type is usually the last noun ("WHITE HANGING
 * HEART T-LIGHT HOLDER" → T-LIGHT, "JUMBO BAG RED RETROSPOT" → BAG), so the words are read from the end and the
 * first one in the table (the longest phrase ending there first) decides; none → 'other'.
 */
export function onlineRetailCategory(description: string): string {
  const words = description
    .toUpperCase()
    .split(/[^A-Z0-9-]+/)
    .filter((w) => w.length > 0)
    .map(singular);
  for (let i = words.length - 1; i >= 0; i--)
    // Longest phrase ending here first: HOT WATER BOTTLE before BOTTLE.
    for (let from = Math.max(0, i - 2); from <= i; from++) {
      const found = BY_WORD.get(words.slice(from, i + 1).join(' '));
      if (found) return found;
    }
  return OTHER_CATEGORY;
}
