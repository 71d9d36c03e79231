import { describe, expect, it } from 'vitest';
import { onlineRetailCategory } from './online-retail-category.ts';
import { createRowMapper } from './row-mapping.ts';

describe('onlineRetailCategory', () => {
  it('takes the product type from the end of the description', () => {
    expect(onlineRetailCategory('WHITE HANGING HEART T-LIGHT HOLDER')).toBe('candles & holders');
    expect(onlineRetailCategory('WHITE METAL LANTERN')).toBe('candles & holders');
    expect(onlineRetailCategory('JUMBO BAG RED RETROSPOT')).toBe('bags & purses');
    expect(onlineRetailCategory('RED RETROSPOT CAKE STAND')).toBe('kitchen & dining');
    expect(onlineRetailCategory('SET/6 RED SPOTTY PAPER CUPS')).toBe('kitchen & dining');
    expect(onlineRetailCategory('CREAM CUPID HEARTS COAT HANGER')).toBe('home & garden');
    expect(onlineRetailCategory('KNITTED UNION FLAG HOT WATER BOTTLE')).toBe('textiles');
    expect(onlineRetailCategory('SET 7 BABUSHKA NESTING BOXES')).toBe('boxes & storage');
    expect(onlineRetailCategory('PACK OF 72 RETROSPOT CAKE CASES')).toBe('kitchen & dining');
    expect(onlineRetailCategory('ALARM CLOCK BAKELIKE PINK')).toBe('home & garden');
    expect(onlineRetailCategory('PAPER CHAIN KIT 50S CHRISTMAS ')).toBe('toys & games');
    expect(onlineRetailCategory('GLASS STAR FROSTED T-LIGHT HOLDER')).toBe('candles & holders');
    expect(onlineRetailCategory('DIAMANTE NECKLACE')).toBe('jewellery');
  });

  it('ignores case and plurals, and says other when nothing is recognised', () => {
    expect(onlineRetailCategory('assorted colour bird ornaments')).toBe('decorations');
    expect(onlineRetailCategory('ASSORTED COLOURS SILK FAN')).toBe('other');
    expect(onlineRetailCategory('')).toBe('other');
  });

  it('is what the online-retail preset puts in an item’s category', () => {
    const map = createRowMapper('ITEMS', { preset: 'online-retail' });
    expect(
      map({ StockCode: '85123A', Description: 'WHITE HANGING HEART T-LIGHT HOLDER', Quantity: '6', UnitPrice: '2.55' }),
    ).toEqual({
      sku: '85123A',
      title: 'WHITE HANGING HEART T-LIGHT HOLDER',
      price: '2.55',
      category: ['candles & holders'],
    });
  });
});
