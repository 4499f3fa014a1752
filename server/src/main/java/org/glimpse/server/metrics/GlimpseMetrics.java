package org.glimpse.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.glimpse.server.notify.NotifyMetrics;

/**
 * The process' meter registry and the meters that are not per request: uploads in flight and
 * notifications (recorded, published, failed attempts, lost, pending), plus the JVM's.
 */
public final class GlimpseMetrics implements NotifyMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter recorded;
  private final Counter published;
  private final Counter publishFailures;
  private final Counter lost;
  private final AtomicLong pending = new AtomicLong();

  public GlimpseMetrics(IntSupplier uploadsInFlight) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("glimpse.uploads.in.flight", uploadsInFlight::getAsInt)
        .description("Image data uploads being received").register(registry);
    recorded = Counter.builder("glimpse.notifications.recorded")
        .description("Notifications written to the outbox").register(registry);
    published = Counter.builder("glimpse.notifications.published")
        .description("Notifications the broker confirmed").register(registry);
    publishFailures = Counter.builder("glimpse.notifications.publish.failures")
        .description("Failed attempts to publish notifications (broker unreachable, unconfirmed)")
        .register(registry);
    lost = Counter.builder("glimpse.notifications.lost")
        .description("Notifications that could not be recorded (the database failed right after the change)")
        .register(registry);
    Gauge.builder("glimpse.notifications.pending", pending::get)
        .description("Notifications waiting in the outbox, as the relay last counted").register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void recorded() {
    recorded.increment();
  }

  @Override
  public void lost() {
    lost.increment();
  }

  @Override
  public void published(int count) {
    published.increment(count);
  }

  @Override
  public void publishFailed() {
    publishFailures.increment();
  }

  @Override
  public void pending(long count) {
    pending.set(count);
  }
}
