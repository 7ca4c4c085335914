// Verifies the consumers' pacts in contracts/ against a running ordering service (@pact-foundation/pact Verifier).
describe('contract: ordering provider', () => {
  it('honours storefront: a request for an existing order', async () => { /* … */ });
  it('honours storefront: a request to place an order', async () => { /* … */ });
});
