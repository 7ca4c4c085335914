// Runs against PostgreSQL 16 in a container (testcontainers); see docs/design.md#testing-strategy.
import { PostgresOrderRepository } from '../../src/adapters/persistence/postgres-order-repository';

describe('integration: PostgresOrderRepository', () => {
  it('saves and reads back an order', async () => { /* … */ });
  it('keeps order lines in their original order', async () => { /* … */ });
  it('returns nothing for an unknown id', async () => { /* … */ });
  it('rejects a second order with the same id', async () => { /* … */ });
});
