import type { Order } from '../domain/order';
import type { OrderId } from '../domain/order-id';

/** Driven ports: what the application needs from the outside world. */
export interface OrderRepository {
  save(order: Order): Promise<void>;
  find(id: OrderId): Promise<Order | undefined>;
}

export interface EventPublisher {
  publish(topic: string, key: string, payload: unknown): Promise<void>;
}
