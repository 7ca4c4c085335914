import { Order } from '../../src/domain/order';
import { OrderId } from '../../src/domain/order-id';
import { Money } from '../../src/domain/money';

const id = new OrderId('ord_7k2m9x4q1a0b');
const line = (sku: string, quantity: number, cents: number) => ({ sku, quantity, unitPrice: Money.of(cents, 'EUR') });

describe('unit: Order', () => {
  it('places an order with its lines', () => {
    expect(Order.place(id, 'cus-42', [line('bk-0451', 2, 999)]).lines).toHaveLength(1);
  });
  it('refuses an order without lines', () => {
    expect(() => Order.place(id, 'cus-42', [])).toThrow('at least one line');
  });
  it('totals its lines', () => {
    const order = Order.place(id, 'cus-42', [line('a', 2, 999), line('b', 1, 3982)]);
    expect(order.total()).toEqual(Money.of(5980, 'EUR'));
  });
  it('cancels a placed order', () => {
    expect(() => Order.place(id, 'cus-42', [line('a', 1, 100)]).cancel()).not.toThrow();
  });
  it('keeps the id it was placed with', () => {
    expect(Order.place(id, 'cus-42', [line('a', 1, 100)]).id).toBe(id);
  });
});

describe('unit: OrderId', () => {
  it('accepts ord_ and twelve base-36 characters', () => {
    expect(new OrderId('ord_7k2m9x4q1a0b').value).toBe('ord_7k2m9x4q1a0b');
  });
  it('refuses any other shape', () => {
    expect(() => new OrderId('ord-1001')).toThrow('invalid order id');
  });
});
