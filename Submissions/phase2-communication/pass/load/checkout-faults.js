// k6 run --summary-export load/checkout-faults-summary.json load/checkout-faults.js
// Run from inside the cluster while load/payments-fault.yaml is applied.
import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  vus: 60,
  duration: '10m',
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(95)<500'],
  },
};

export default function () {
  const body = JSON.stringify({ cartId: `cart-${__VU}-${__ITER}`, paymentMethod: 'card' });
  const res = http.post('https://shop.northwind.example/v1/checkout', body, {
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${__VU}-${__ITER}` },
  });
  check(res, { 'checkout answered 201': (r) => r.status === 201 });
  sleep(1);
}
