import { Pool } from 'pg';
import type { OrderRepository } from '../../application/ports';
import { Order } from '../../domain/order';
import { OrderId } from '../../domain/order-id';

export class PostgresOrderRepository implements OrderRepository {
  constructor(private readonly pool: Pool) {}

  async save(order: Order): Promise<void> {
    await this.pool.query('insert into orders (id, customer_id, lines) values ($1, $2, $3) on conflict (id) do nothing',
      [order.id.value, order.customerId, JSON.stringify(order.lines)]);
  }

  async find(id: OrderId): Promise<Order | undefined> {
    const result = await this.pool.query('select * from orders where id = $1', [id.value]);
    return result.rows[0] ? (result.rows[0] as Order) : undefined;
  }
}
