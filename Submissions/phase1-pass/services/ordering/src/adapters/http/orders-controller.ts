import express from 'express';
import { PlaceOrder } from '../../application/place-order';

export function ordersRouter(placeOrder: PlaceOrder): express.Router {
  const router = express.Router();
  router.post('/v1/orders', async (req, res) => {
    const order = await placeOrder.execute(req.body.id, req.body.customerId, req.body.lines);
    res.status(201).json({ id: order.id.value });
  });
  return router;
}
