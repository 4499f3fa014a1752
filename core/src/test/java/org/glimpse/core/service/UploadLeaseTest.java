package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.core.service.ServiceFakes.project;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.GoneException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.NewImage;
import org.glimpse.core.image.UploadLease;
import org.glimpse.core.time.ImageClock;
import org.junit.jupiter.api.Test;

/** Upload leases: granted with saving, renewed by the upload's progress, and what recovery does once one expires. */
class UploadLeaseTest {
  static final Duration LEASE = Duration.ofSeconds(30);
  private final MutableClock time = new MutableClock(ServiceFakes.T0);
  private final ServiceFakes f = new ServiceFakes(new ImageClock(time),
      new Services.Settings(ImageRules.glanceDefaults(), DataLimits.glanceDefaults(), 128, false, LEASE));
  private final UploadRecovery recovery = f.services.uploadRecovery();

  private String queued() {
    NewImage spec = new NewImage();
    spec.diskFormat = "raw";
    spec.containerFormat = "bare";
    return f.service.create(project("p"), spec).getId();
  }

  private Image stored(String id) {
    return f.images.findIncludingDeleted(id).orElseThrow();
  }

  /** A body of {@code chunks} chunks of 1000 bytes that runs {@code before} ahead of each chunk. */
  private static InputStream body(int chunks, java.util.function.IntConsumer before) {
    return new InputStream() {
      private int served;
      private int left = 1000;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (served == chunks) {
          return -1;
        }
        if (left == 1000) {
          before.accept(served);
        }
        int n = Math.min(len, left);
        left -= n;
        if (left == 0) {
          served++;
          left = 1000;
        }
        return n;
      }
    };
  }

  @Test
  void anUploadHoldsItsImageUnderALeaseThatEndsWithIt() {
    String id = queued();
    List<UploadLease> seen = new ArrayList<>();
    f.data.upload(project("p"), id, body(2, chunk -> seen.add(stored(id).getUpload())), 2000);

    UploadLease lease = seen.get(0);
    assertThat(lease.id()).matches("[0-9a-f]{32}");
    assertThat(lease.owner()).endsWith(":" + ProcessHandle.current().pid() + " req-test");
    assertThat(lease.expiresAt()).isEqualTo(ServiceFakes.T0.plus(LEASE).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(lease.fallback()).isEqualTo(ImageStatus.QUEUED);
    Image active = stored(id);
    assertThat(active.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(active.getUpload()).isNull();
    assertThat(active.getLocation()).isEqualTo(InMemoryStore.location(id, lease.id()));
  }

  @Test
  void theLeaseIsRenewedWhileBytesArrive() {
    String id = queued();
    List<Instant> expiries = new ArrayList<>();
    f.data.upload(project("p"), id, body(4, chunk -> {
      expiries.add(stored(id).getUpload().expiresAt());
      time.advance(Duration.ofSeconds(11)); // a third of the lease and more between chunks
    }), 4000);
    Instant t0 = ServiceFakes.T0.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    assertThat(expiries).containsExactly(t0.plus(LEASE), t0.plusSeconds(11).plus(LEASE),
        t0.plusSeconds(22).plus(LEASE), t0.plusSeconds(33).plus(LEASE));
    assertThat(stored(id).getStatus()).isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void aStalledUploadIsTakenBackAndCannotCompleteAfterwards() {
    String id = queued();
    int[] taken = {0};
    assertThatThrownBy(() -> f.data.upload(project("p"), id, body(3, chunk -> {
      if (chunk == 1) {
        // the client stalls past the lease; another process's recovery takes the image back
        time.advance(LEASE.plusSeconds(1));
        taken[0] = recovery.runOnce(time.instant());
      }
    }), 3000)).isInstanceOf(ConflictException.class)
        .hasMessage("Image " + id + " was released while its data was being uploaded: the upload made no"
            + " progress for 30 s. Upload the data again.");
    assertThat(taken[0]).isEqualTo(1);
    Image image = stored(id);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(image.getUpload()).isNull();
    assertThat(f.store.objects).isEmpty();
    assertThat(f.store.staged).isEmpty();
    f.data.upload(project("p"), id, new ByteArrayInputStream(new byte[5]), 5);
    assertThat(stored(id).getStatus()).isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void anUploadTakenBackJustBeforeItsLastStepLeavesTheNextUploadAlone() {
    String id = queued();
    List<String> second = new ArrayList<>();
    f.images.beforeUpdate = () -> {
      Image now = f.images.rows.get(id);
      if (now.getStatus() == ImageStatus.SAVING && second.isEmpty()) {
        // the first upload's final record change comes after its lease expired: its image was
        // taken back and a second upload began meanwhile
        second.add(now.getUpload().id());
        time.advance(LEASE.plusSeconds(1));
        f.images.beforeUpdate = () -> { };
        assertThat(recovery.runOnce(time.instant())).isEqualTo(1);
        f.images.beforeUpdate = () -> {
          f.images.beforeUpdate = () -> { };
          assertThat(f.data.upload(project("p"), id, new ByteArrayInputStream(new byte[7]), 7).getSize()).isEqualTo(7);
        };
      }
    };
    assertThatThrownBy(() -> f.data.upload(project("p"), id, new ByteArrayInputStream(new byte[3]), 3))
        .isInstanceOf(ConflictException.class);
    Image image = stored(id);
    assertThat(image.getStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(image.getSize()).isEqualTo(7);
    assertThat(f.store.objects).containsOnlyKeys(image.getLocation());
    assertThat(image.getLocation()).doesNotContain(second.get(0));
  }

  @Test
  void anImageDeletedDuringTheUploadIsGoneAtTheNextRenewal() {
    String id = queued();
    assertThatThrownBy(() -> f.data.upload(project("p"), id, body(3, chunk -> {
      if (chunk == 1) {
        f.service.delete(project("p"), id);
        time.advance(LEASE);
      }
    }), 3000)).isInstanceOf(GoneException.class).hasMessageContaining("could not be found after upload");
    assertThat(f.store.objects).isEmpty();
    assertThat(f.store.staged).isEmpty();
  }

  @Test
  void aRenewalTheDatabaseCannotAnswerDoesNotStopTheUpload() {
    String id = queued();
    InMemoryImages images = f.images;
    f.data.upload(project("p"), id, body(3, chunk -> {
      time.advance(Duration.ofSeconds(11));
      images.renewalsFail = chunk == 1;
    }), 3000);
    assertThat(stored(id).getStatus()).isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void recoveryTakesBackOnlyExpiredLeasesOnceAndRemovesWhatTheUploadLeft() {
    String dead = saving(ImageStatus.QUEUED, ServiceFakes.T0.minusSeconds(1));
    String alive = saving(ImageStatus.QUEUED, ServiceFakes.T0.plusSeconds(1));
    String v1 = saving(ImageStatus.KILLED, ServiceFakes.T0.minusSeconds(1));
    String deadUpload = stored(dead).getUpload().id();
    f.store.objects.put(InMemoryStore.location(dead, deadUpload), new byte[3]);
    f.store.leftovers.put(dead + "~" + deadUpload, new byte[2]);
    UploadRecovery other = new UploadRecovery(f.images, f.services.updater(), f.store, LEASE, f.clock);

    assertThat(recovery.runOnce(time.instant())).isEqualTo(2);
    assertThat(other.runOnce(time.instant())).isZero();

    Image queued = stored(dead);
    assertThat(queued.getStatus()).isEqualTo(ImageStatus.QUEUED);
    assertThat(queued.getUpload()).isNull();
    assertThat(queued.getSize()).isNull();
    assertThat(queued.getUpdatedAt()).isEqualTo(time.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(stored(v1).getStatus()).isEqualTo(ImageStatus.KILLED);
    assertThat(stored(alive).getStatus()).isEqualTo(ImageStatus.SAVING);
    assertThat(f.store.objects).isEmpty();
    assertThat(f.store.leftovers).isEmpty();
  }

  @Test
  void aSavingImageWithoutLeaseIsTakenBackOnceUnchangedForALeaseTime() {
    Image legacy = new Image();
    legacy.setId("legacy");
    legacy.setStatus(ImageStatus.SAVING);
    legacy.setCreatedAt(ServiceFakes.T0);
    legacy.setUpdatedAt(ServiceFakes.T0);
    f.images.create(legacy);
    assertThat(recovery.runOnce(ServiceFakes.T0.plus(LEASE))).isZero();
    assertThat(recovery.runOnce(ServiceFakes.T0.plus(LEASE).plusSeconds(1))).isEqualTo(1);
    assertThat(stored("legacy").getStatus()).isEqualTo(ImageStatus.QUEUED);
  }

  @Test
  void recoveryPagesThroughManyImages() {
    int count = UploadRecovery.PAGE * 2 + 3;
    for (int i = 0; i < count; i++) {
      saving(ImageStatus.QUEUED, ServiceFakes.T0.minusSeconds(1));
    }
    assertThat(recovery.runOnce(time.instant())).isEqualTo(count);
    assertThat(f.images.rows.values()).allMatch(i -> i.getStatus() == ImageStatus.QUEUED);
  }

  @Test
  void theGateKeepsALeaseWhileSavingOnlyAndRequiresOneToStart() {
    String id = queued();
    assertThatThrownBy(() -> f.services.updater().updateRecord(id, i -> i.setStatus(ImageStatus.SAVING)))
        .isInstanceOf(IllegalStateException.class);
    String other = saving(ImageStatus.QUEUED, ServiceFakes.T0.plusSeconds(10));
    UploadLease lease = stored(other).getUpload();
    f.services.updater().update(other, i -> i.setName("renamed while saving"));
    assertThat(stored(other).getUpload()).isEqualTo(lease);
    f.services.updater().updateRecord(other, i -> i.setStatus(ImageStatus.KILLED));
    assertThat(stored(other).getUpload()).isNull();
  }

  /** A saving image under a lease expiring at {@code expiresAt}, as an upload elsewhere left it. */
  private String saving(ImageStatus fallback, Instant expiresAt) {
    String id = queued();
    UploadLease lease = new UploadLease(java.util.UUID.randomUUID().toString().replace("-", ""), "elsewhere:1 req",
        expiresAt, fallback);
    f.services.updater().updateRecord(id, i -> {
      i.setStatus(ImageStatus.SAVING);
      i.setUpload(lease);
    });
    return id;
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
