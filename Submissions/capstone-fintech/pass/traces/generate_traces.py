"""Drives 40 payment requests through four in-process services (gateway → payments → fraud and
ledger), each instrumented with the
OpenTelemetry Python SDK (its own TracerProvider and Resource), propagating W3C trace context
between them, and writes what the SDK exported as OTLP JSON lines: one ExportTraceServiceRequest
per line, as the Collector's file exporter writes it (hex ids, int64 as strings, enums as
numbers). `--broken` is the failing sample's run: the ledger ignores the incoming traceparent,
errors are not recorded on spans, and the ledger is slow.

    python generate_traces.py traces/payments.otlp.jsonl            # the pass sample
    python generate_traces.py --broken traces/payments.otlp.jsonl   # the fail sample
"""
import json
import random
import sys
import time

from google.protobuf.json_format import MessageToDict
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind, Status, StatusCode

broken = "--broken" in sys.argv
out_path = sys.argv[-1]
random.seed(4 if broken else 9)
lines = []


class OTLPJSONLinesExporter(SpanExporter):
    """Encodes each batch with the SDK's own OTLP encoder, then renders it as OTLP JSON."""

    def export(self, spans):
        message = MessageToDict(encode_spans(spans), use_integers_for_enums=True)
        for resource_spans in message.get("resourceSpans", []):
            for scope_spans in resource_spans.get("scopeSpans", []):
                for span in scope_spans.get("spans", []):
                    for key in ("traceId", "spanId", "parentSpanId"):
                        if key in span:  # protobuf JSON writes bytes as base64; OTLP JSON wants hex
                            import base64
                            span[key] = base64.b64decode(span[key]).hex()
                    for link in span.get("links", []):
                        import base64
                        link["traceId"] = base64.b64decode(link["traceId"]).hex()
                        link["spanId"] = base64.b64decode(link["spanId"]).hex()
        lines.append(json.dumps(message, separators=(",", ":")))
        return SpanExportResult.SUCCESS


def tracer(service):
    provider = TracerProvider(resource=Resource.create({"service.name": service, "service.namespace": "fintech"}))
    provider.add_span_processor(SimpleSpanProcessor(OTLPJSONLinesExporter()))
    return provider.get_tracer("fintech." + service)


gateway, payments, fraud, ledger = tracer("gateway"), tracer("payments"), tracer("fraud"), tracer("ledger")


def fraud_assess(headers):
    with fraud.start_as_current_span("POST /v1/assessments", context=propagate.extract(headers), kind=SpanKind.SERVER) as span:
        span.set_attribute("http.request.method", "POST")
        with fraud.start_as_current_span("HGETALL features", kind=SpanKind.CLIENT) as db:
            db.set_attribute("db.system", "redis")
            time.sleep(random.uniform(0.0005, 0.002))
        span.set_attribute("http.response.status_code", 200)


def ledger_post(headers, fail):
    # A fresh Context is what a separate process without the propagator sees: a new trace.
    context = Context() if broken else propagate.extract(headers)
    with ledger.start_as_current_span("POST /v1/postings", context=context, kind=SpanKind.SERVER) as span:
        span.set_attribute("http.request.method", "POST")
        with ledger.start_as_current_span("INSERT postings", kind=SpanKind.CLIENT) as db:
            db.set_attribute("db.system", "cockroachdb")
            time.sleep(random.uniform(0.060, 0.140) if broken else random.uniform(0.003, 0.009))
        if fail:
            if not broken:
                span.record_exception(RuntimeError("serialization failure: restart transaction"))
                span.set_status(Status(StatusCode.ERROR, "serialization failure"))
            span.set_attribute("http.response.status_code", 503)
            return 503
        span.set_attribute("http.response.status_code", 201)
        return 201


def call(tracer_, name, fn, *args):
    with tracer_.start_as_current_span(name, kind=SpanKind.CLIENT) as client:
        outgoing = {}
        propagate.inject(outgoing)
        status = fn(outgoing, *args)
        if status is not None:
            client.set_attribute("http.response.status_code", status)
            if status >= 500 and not broken:
                client.set_status(Status(StatusCode.ERROR))
        return status


def payments_create(headers, fail):
    with payments.start_as_current_span("POST /v1/payments", context=propagate.extract(headers), kind=SpanKind.SERVER) as server:
        server.set_attribute("http.request.method", "POST")
        with payments.start_as_current_span("INSERT payments, outbox", kind=SpanKind.CLIENT) as db:
            db.set_attribute("db.system", "postgresql")
            time.sleep(random.uniform(0.001, 0.004))
        call(payments, "POST /v1/assessments", fraud_assess)
        status = call(payments, "POST /v1/postings", ledger_post, fail)
        server.set_attribute("http.response.status_code", 201 if status < 500 else 502)
        if status >= 500 and not broken:
            server.set_status(Status(StatusCode.ERROR, "ledger posting failed"))
        return status


for n in range(40):
    fail = n in (17,) if not broken else n in (5, 11, 17, 23, 29, 35)
    with gateway.start_as_current_span("POST /payments", kind=SpanKind.SERVER) as root:
        root.set_attribute("http.route", "/payments")
        status = call(gateway, "POST /v1/payments", payments_create, fail)
        if status >= 500 and not broken:
            root.set_status(Status(StatusCode.ERROR, "payment failed"))

with open(out_path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{len(lines)} export requests written to {out_path}")
