"""Writes Temporal workflow histories in the shape `temporal workflow show --output json` prints
(canonical EVENT_TYPE_* enums, string event ids, RFC 3339 times), one per saga run."""
import base64, json, uuid
from datetime import datetime, timedelta, timezone

def payload(value):
    return {"payloads": [{"metadata": {"encoding": base64.b64encode(b"json/plain").decode()},
                          "data": base64.b64encode(json.dumps(value).encode()).decode()}]}

class History:
    def __init__(self, workflow_id, workflow_type, start, task_queue="checkout", input=None):
        self.events, self.t, self.tq = [], start, task_queue
        self.wid, self.run = workflow_id, str(uuid.uuid5(uuid.NAMESPACE_URL, workflow_id))
        self.add("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", "workflowExecutionStartedEventAttributes", {
            "workflowType": {"name": workflow_type}, "taskQueue": {"name": task_queue, "kind": "TASK_QUEUE_KIND_NORMAL"},
            "input": payload(input or {}), "workflowExecutionTimeout": "0s", "workflowRunTimeout": "0s",
            "workflowTaskTimeout": "10s", "originalExecutionRunId": self.run, "identity": "checkout-api@checkout-7d9f8",
            "firstExecutionRunId": self.run, "attempt": 1, "firstWorkflowTaskBackoff": "0s", "header": {}, "workflowId": workflow_id})
        self.workflow_task()

    def add(self, etype, key, attrs, ms=3):
        self.t += timedelta(milliseconds=ms)
        eid = len(self.events) + 1
        self.events.append({"eventId": str(eid), "eventTime": self.t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                            "eventType": etype, "taskId": str(1048576 + eid * 3), key: attrs})
        return str(eid)

    def workflow_task(self):
        s = self.add("EVENT_TYPE_WORKFLOW_TASK_SCHEDULED", "workflowTaskScheduledEventAttributes",
                     {"taskQueue": {"name": self.tq, "kind": "TASK_QUEUE_KIND_NORMAL"}, "startToCloseTimeout": "10s", "attempt": 1})
        st = self.add("EVENT_TYPE_WORKFLOW_TASK_STARTED", "workflowTaskStartedEventAttributes",
                      {"scheduledEventId": s, "identity": "worker@checkout-worker-5c7b9", "requestId": str(uuid.uuid4()), "historySizeBytes": "900"})
        self.last_wt = self.add("EVENT_TYPE_WORKFLOW_TASK_COMPLETED", "workflowTaskCompletedEventAttributes",
                                {"scheduledEventId": s, "startedEventId": st, "identity": "worker@checkout-worker-5c7b9",
                                 "sdkMetadata": {"sdkName": "temporal-go", "sdkVersion": "1.29.1"}, "meteringMetadata": {}})

    def activity(self, name, args, result=None, failures=(), final_failure=None, ms=40):
        """Runs one activity: `failures` are retried attempts' messages, `final_failure` a non-retryable end."""
        sched = self.add("EVENT_TYPE_ACTIVITY_TASK_SCHEDULED", "activityTaskScheduledEventAttributes", {
            "activityId": str(len(self.events) + 1), "activityType": {"name": name},
            "taskQueue": {"name": self.tq, "kind": "TASK_QUEUE_KIND_NORMAL"}, "header": {}, "input": payload(args),
            "scheduleToCloseTimeout": "0s", "scheduleToStartTimeout": "0s", "startToCloseTimeout": "10s", "heartbeatTimeout": "0s",
            "workflowTaskCompletedEventId": self.last_wt,
            "retryPolicy": {"initialInterval": "1s", "backoffCoefficient": 2, "maximumInterval": "30s", "maximumAttempts": 4,
                            "nonRetryableErrorTypes": ["CardDeclined", "AddressRejected"]}})
        attempt = len(failures) + 1
        started_attrs = {"scheduledEventId": sched, "identity": "worker@checkout-worker-5c7b9", "requestId": str(uuid.uuid4()), "attempt": attempt}
        if failures:
            started_attrs["lastFailure"] = {"message": failures[-1], "source": "GoSDK",
                                            "applicationFailureInfo": {"type": "TransientError"}}
        self.t += timedelta(milliseconds=sum(1000 * 2**i for i in range(len(failures))))
        started = self.add("EVENT_TYPE_ACTIVITY_TASK_STARTED", "activityTaskStartedEventAttributes", started_attrs)
        if final_failure:
            kind, message = final_failure
            self.add("EVENT_TYPE_ACTIVITY_TASK_FAILED", "activityTaskFailedEventAttributes", {
                "failure": {"message": message, "source": "GoSDK", "applicationFailureInfo": {"type": kind, "nonRetryable": True}},
                "scheduledEventId": sched, "startedEventId": started, "identity": "worker@checkout-worker-5c7b9",
                "retryState": "RETRY_STATE_NON_RETRYABLE_FAILURE"}, ms=ms)
        else:
            self.add("EVENT_TYPE_ACTIVITY_TASK_COMPLETED", "activityTaskCompletedEventAttributes", {
                "result": payload(result if result is not None else {}), "scheduledEventId": sched, "startedEventId": started,
                "identity": "worker@checkout-worker-5c7b9"}, ms=ms)
        self.workflow_task()

    def completed(self, result):
        self.add("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED", "workflowExecutionCompletedEventAttributes",
                 {"result": payload(result), "workflowTaskCompletedEventId": self.last_wt})

    def failed(self, kind, message):
        self.add("EVENT_TYPE_WORKFLOW_EXECUTION_FAILED", "workflowExecutionFailedEventAttributes", {
            "failure": {"message": message, "source": "GoSDK", "applicationFailureInfo": {"type": kind, "nonRetryable": True}},
            "retryState": "RETRY_STATE_RETRY_POLICY_NOT_SET", "workflowTaskCompletedEventId": self.last_wt})

    def write(self, path):
        with open(path, "w") as f:
            json.dump({"events": self.events}, f, indent=2)
            f.write("\n")
