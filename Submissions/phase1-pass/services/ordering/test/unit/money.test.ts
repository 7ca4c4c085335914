import { Money } from '../../src/domain/money';

describe('unit: Money', () => {
  it('adds amounts', () => expect(Money.of(150, 'EUR').add(Money.of(250, 'EUR'))).toEqual(Money.of(400, 'EUR')));
  it('multiplies by a quantity', () => expect(Money.of(999, 'EUR').times(3)).toEqual(Money.of(2997, 'EUR')));
  it('has zero as the identity of add', () => expect(Money.zero('EUR').add(Money.of(5, 'EUR'))).toEqual(Money.of(5, 'EUR')));
});
