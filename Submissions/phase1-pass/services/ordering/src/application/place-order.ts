import { Order, OrderLine } from '../domain/order';
import { OrderId } from '../domain/order-id';
import type { EventPublisher, OrderRepository } from './ports';

/** Driving port: the use case the HTTP adapter calls. */
export class PlaceOrder {
  constructor(private readonly orders: OrderRepository, private readonly events: EventPublisher) {}

  async execute(id: string, customerId: string, lines: OrderLine[]): Promise<Order> {
    const order = Order.place(new OrderId(id), customerId, lines);
    await this.orders.save(order);
    await this.events.publish('ordering.order-placed', order.id.value, { orderId: order.id.value, total: order.total() });
    return order;
  }
}
