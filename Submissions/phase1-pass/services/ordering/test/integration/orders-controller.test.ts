// The HTTP adapter over the real use case with an in-memory repository (supertest).
import express from 'express';
import request from 'supertest';
import { ordersRouter } from '../../src/adapters/http/orders-controller';

describe('integration: OrdersController', () => {
  it('POST /v1/orders answers 201 with the new id', async () => { /* … */ });
  it('POST /v1/orders with an empty basket answers 500 until validation lands', async () => { /* … */ });
});
