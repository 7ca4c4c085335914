export class OrderId {
  constructor(readonly value: string) {
    if (!/^ord_[0-9a-z]{12}$/.test(value)) throw new Error(`invalid order id ${value}`);
  }
}
