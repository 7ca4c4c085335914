import { PlaceOrder } from '../../src/application/place-order';
import { Money } from '../../src/domain/money';
import type { EventPublisher, OrderRepository } from '../../src/application/ports';

const lines = [{ sku: 'bk-0451', quantity: 2, unitPrice: Money.of(999, 'EUR') }];
const fakes = (saveFails = false) => {
  const saved: unknown[] = [];
  const published: string[] = [];
  const orders: OrderRepository = {
    save: async (o) => { if (saveFails) throw new Error('db down'); saved.push(o); },
    find: async () => undefined,
  };
  const events: EventPublisher = { publish: async (topic) => { published.push(topic); } };
  return { saved, published, useCase: new PlaceOrder(orders, events) };
};

describe('unit: PlaceOrder', () => {
  it('saves the order', async () => {
    const f = fakes();
    await f.useCase.execute('ord_7k2m9x4q1a0b', 'cus-42', lines);
    expect(f.saved).toHaveLength(1);
  });
  it('publishes ordering.order-placed after saving', async () => {
    const f = fakes();
    await f.useCase.execute('ord_7k2m9x4q1a0b', 'cus-42', lines);
    expect(f.published).toEqual(['ordering.order-placed']);
  });
  it('does not publish when saving fails', async () => {
    const f = fakes(true);
    await expect(f.useCase.execute('ord_7k2m9x4q1a0b', 'cus-42', lines)).rejects.toThrow('db down');
    expect(f.published).toEqual([]);
  });
  it('rejects an invalid order id before saving', async () => {
    const f = fakes();
    await expect(f.useCase.execute('1001', 'cus-42', lines)).rejects.toThrow('invalid order id');
    expect(f.saved).toEqual([]);
  });
});
