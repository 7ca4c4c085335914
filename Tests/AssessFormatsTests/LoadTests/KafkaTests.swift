import AssessFormats
import AssessTestSupport
import Foundation
import Testing

@Suite struct KafkaProducerPerfTests {
    @Test func readsTheTotalLineIntoMessageMetrics() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.source("kafka-producer-perf.txt"), as: KafkaProducerPerfText.self)
        #expect(run.tool == .kafkaProducer)
        #expect(run.metrics["messages"]?.count == 500_000)
        #expect(run.figure(MetricSelector(name: "messages"), .rate) == .value(9998.400256, source: .reported))
        #expect(run.figure(MetricSelector(name: "message_latency"), .percentile(95)) == .value(155, source: .reported))
        #expect(run.value("message_latency", .percentile(99.9)) == 1006)
        #expect(run.value("message_latency", .med) == 3)
        #expect(run.value("message_latency", .avg) == 32.17)
        #expect(run.value("message_latency", .max) == 1073)
        #expect(run.value("messages_failed", .rate) == 0)
        #expect(close(run.duration, 500_000 / 9998.400256))
        // The run is not HTTP: no http_* metrics are made up.
        #expect(run.requestCount == nil)
        #expect(run.problems.isEmpty && !run.truncated)
    }

    @Test func aRunCutBeforeItsTotalAddsUpTheWindows() throws {
        let text = try LoadTestFixtures.text("kafka-producer-perf.txt")
        let cut = String(text[..<(try #require(text.range(of: "500000 records sent"))).lowerBound])
        let run = try LoadTestFormats.read(LoadTestSource(file: "producer.txt", text: cut + "500000 records se"))
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        #expect(run.metrics["messages"]?.count == 450_204)
        #expect(run.value("message_latency", .max) == 1073)
        #expect(run.value("message_latency", .percentile(95)) == nil)
    }

    @Test func countsFailedSendsAndReportsAMangledLine() throws {
        let text = """
            1000 records sent, 199.8 records/sec (0.19 MB/sec), 2.1 ms avg latency, 54.0 max latency.
            org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for perf-0:120001 ms has passed since batch creation
            \tat org.apache.kafka.clients.producer.internals.ProducerBatch.abort(ProducerBatch.java:197)
            org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for perf-0:120001 ms has passed since batch creation
            12 records sent, lots records/sec
            2000 records sent, 199.960008 records/sec (0.19 MB/sec), 2.48 ms avg latency, 54.00 ms max latency, 2 ms 50th, 5 ms 95th, 9 ms 99th, 54 ms 99.9th.

            """
        let run = try LoadTestFormats.read(LoadTestSource(file: "producer.txt", text: text))
        #expect(run.metrics["messages"]?.count == 2000)
        #expect(run.metrics["messages_failed"]?.nonZero == 2)
        #expect(run.value("messages_failed", .rate) == 0.001)
        #expect(run.errors.values.reduce(0, +) == 2)
        #expect(run.problems.map(\.line) == [5])
        #expect(run.value("message_latency", .percentile(95)) == 5)
    }
}

@Suite struct KafkaConsumerPerfTests {
    @Test func readsTheTotalsRow() throws {
        let run = try LoadTestFixtures.read(
            LoadTestFixtures.source("kafka-consumer-perf.txt"), as: KafkaConsumerPerfText.self)
        #expect(run.tool == .kafkaConsumer)
        #expect(run.metrics["messages"]?.count == 500_000)
        #expect(run.figure(MetricSelector(name: "messages"), .rate) == .value(74261.1020, source: .reported))
        #expect(close(run.duration, 6.733))
        #expect(close(run.metrics["data_received"]?.count, 476.8372 * 1_048_576))
        #expect(run.problems.isEmpty && !run.truncated)
    }

    /// Kafka before 2.0 printed six columns; a timeout prints a warning between header and row.
    @Test func readsTheOlderLayoutAndKeepsTheWarning() throws {
        let text = """
            start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec
            WARNING: Exiting before consuming the expected number of messages: timeout (10000 ms) exceeded.
            2017-02-19 16:14:55:207, 2017-02-19 16:15:06:281, 1129.4211, 101.9885, 1185281, 107032.7795

            """
        let run = try LoadTestFormats.read(LoadTestSource(file: "consumer.txt", text: text))
        #expect(run.metrics["messages"]?.count == 1_185_281)
        #expect(run.metrics["messages"]?.reported["rate"] == 107032.7795)
        #expect(close(run.duration, 11.074))
        #expect(run.errors.keys.first?.hasPrefix("WARNING: Exiting before consuming") == true)
    }

    @Test func aCutRowIsMarkedTruncated() throws {
        let text = LoadTestFixtures.cut(try LoadTestFixtures.text("kafka-consumer-perf.txt"), at: 0.9)
        let run = try LoadTestFormats.read(LoadTestSource(file: "consumer.txt", text: text))
        #expect(run.truncated)
        #expect(run.problems.isEmpty)
        #expect(run.metrics["messages"] == nil)
    }

    @Test func aCorruptValueIsAProblemAtItsColumn() throws {
        let text = try LoadTestFixtures.text("kafka-consumer-perf.txt").replacingOccurrences(
            of: ", 500000,", with: ", 5OOOOO,")
        let run = try LoadTestFormats.read(LoadTestSource(file: "consumer.txt", text: text))
        let problem = try #require(run.problems.first)
        #expect(problem.line == 2)
        #expect(problem.column == 70)
        #expect(run.metrics["messages"] == nil)
    }
}
