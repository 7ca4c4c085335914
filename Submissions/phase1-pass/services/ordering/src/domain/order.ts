import { OrderId } from './order-id';
import { Money } from './money';

export type OrderLine = { sku: string; quantity: number; unitPrice: Money };

export class Order {
  private constructor(
    readonly id: OrderId,
    readonly customerId: string,
    readonly lines: OrderLine[],
    private status: 'placed' | 'paid' | 'cancelled',
  ) {}

  static place(id: OrderId, customerId: string, lines: OrderLine[]): Order {
    if (lines.length === 0) throw new Error('an order needs at least one line');
    return new Order(id, customerId, lines, 'placed');
  }

  total(): Money {
    return this.lines.reduce((sum, line) => sum.add(line.unitPrice.times(line.quantity)), Money.zero('EUR'));
  }

  cancel(): void {
    if (this.status === 'paid') throw new Error('a paid order is refunded, not cancelled');
    this.status = 'cancelled';
  }
}
