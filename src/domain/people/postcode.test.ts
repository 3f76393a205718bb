import { describe, expect, it } from 'vitest';
import { parsePostcode } from './postcode.js';

describe('postcode', () => {
  it.each(['SW1A 1AA', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'W1A 0AX', 'EC1A 1BB', 'GIR 0AA', 'ZZ99 3VZ', 'ZZ99 3WZ'])(
    'accepts %s',
    (postcode) => {
      expect(parsePostcode(postcode)).toEqual({ ok: true, value: postcode });
    },
  );

  it('normalises case and spacing', () => {
    expect(parsePostcode(' cr26xh ')).toEqual({ ok: true, value: 'CR2 6XH' });
    expect(parsePostcode('sw1a1aa')).toEqual({ ok: true, value: 'SW1A 1AA' });
  });

  it.each(['CR2 6CX', 'CR2 6XI', 'CR2 6KX', 'CR2 6MO', 'CR2 6VX', 'QA1 1AA', '1AB 1AA', 'CR2 XXH', 'CR2', 'SW1A 1AAA', 'GIR 0AB'])(
    'refuses %s',
    (postcode) => {
      expect(parsePostcode(postcode)).toEqual({ ok: false, problem: 'format' });
    },
  );

  it('reports an empty postcode separately', () => {
    expect(parsePostcode('  ')).toEqual({ ok: false, problem: 'empty' });
  });
});
