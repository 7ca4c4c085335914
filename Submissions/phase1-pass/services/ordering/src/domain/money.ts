export class Money {
  private constructor(readonly cents: number, readonly currency: string) {}
  static zero(currency: string): Money { return new Money(0, currency); }
  static of(cents: number, currency: string): Money { return new Money(cents, currency); }
  add(other: Money): Money { return new Money(this.cents + other.cents, this.currency); }
  times(n: number): Money { return new Money(this.cents * n, this.currency); }
}
