package org.glimpse.core.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.imports.ImportRequest;
import org.glimpse.core.port.RemoteGlance;

/**
 * glance-download's own steps, before and after the common import path: read the remote image's
 * record (it must be active and sized), choose what of it the local image takes — its disk and
 * container formats and the properties whose names start with one of {@code [glance_download_
 * properties] extra_properties}, never one in Glance's reserved {@code os_glance} namespace — and
 * open its data so that a body of another size than the record's fails the import.
 *
 * <p>Unlike Glance, which writes the formats and properties on the image before the download and
 * puts the old ones back on failure, the local image takes them only in the change that makes it
 * active: a failed import (or a crash) leaves its own properties and formats as they were.
 */
public final class GlanceDownload {
  static final String RESERVED = "os_glance";

  /** Null when the deployment cannot reach another region on a caller's behalf (no Keystone). */
  private final RemoteGlance remote;
  private final List<String> prefixes;

  public GlanceDownload(RemoteGlance remote, List<String> prefixes) {
    this.remote = remote;
    this.prefixes = List.copyOf(prefixes);
  }

  /** What the remote image gives; the import applies it. */
  public final class Source {
    private final RequestContext caller;
    private final String endpoint;
    private final String imageId;
    private final RemoteGlance.RemoteImage record;
    private final Map<String, String> properties;

    private Source(RequestContext caller, String endpoint, String imageId, RemoteGlance.RemoteImage record,
        Map<String, String> properties) {
      this.caller = caller;
      this.endpoint = endpoint;
      this.imageId = imageId;
      this.record = record;
      this.properties = properties;
    }

    /** The properties the local image takes (already filtered by prefix). */
    public Map<String, String> properties() {
      return properties;
    }

    /** Sets the remote image's formats and chosen properties on {@code image}. */
    public void applyTo(Image image) {
      if (record.diskFormat() != null) {
        image.setDiskFormat(record.diskFormat());
      }
      if (record.containerFormat() != null) {
        image.setContainerFormat(record.containerFormat());
      }
      image.getProperties().putAll(properties);
    }

    /** A copy of {@code image} as it will be: its data is inspected against the remote's disk format. */
    public Image target(Image image) {
      Image target = image.copy();
      applyTo(target);
      return target;
    }

    /** The remote data, failing at the end (or at the first byte too many) if its size is not the record's. */
    public InputStream open() throws IOException {
      return new SizeChecked(remote.data(caller, endpoint, imageId), record.size());
    }
  }

  /**
   * Finds the remote image service and reads the image's record. IOException, with the task's
   * message, when the endpoint is unknown, the image missing or not active, or its size unknown.
   */
  public Source prepare(RequestContext caller, ImportRequest.GlanceImage ref) throws IOException {
    if (remote == null || caller.authToken() == null) {
      throw new IOException(noToken());
    }
    String endpoint = remote.endpoint(caller, ref.region(), ref.serviceInterface());
    RemoteGlance.RemoteImage record = remote.image(caller, endpoint, ref.imageId());
    if (!"active".equals(record.status())) {
      throw new IOException("Source image status should be active instead of " + record.status());
    }
    if (record.size() == null) {
      throw new IOException("Size attribute of remote image " + ref.imageId() + " could not be determined.");
    }
    return new Source(caller, endpoint, ref.imageId(), record, chosen(record.properties()));
  }

  /** Why glance-download cannot run for a caller without a Keystone token. */
  static String noToken() {
    return "Import method 'glance-download' reads the remote image with the caller's Keystone token,"
        + " and this request has none: the server does not authenticate with Keystone"
        + " ([paste_deploy] flavor = keystone)";
  }

  Map<String, String> chosen(Map<String, String> remoteProperties) {
    Map<String, String> chosen = new LinkedHashMap<>();
    remoteProperties.forEach((key, value) -> {
      if (!key.startsWith(RESERVED) && prefixes.stream().anyMatch(key::startsWith)) {
        chosen.put(key, value);
      }
    });
    return chosen;
  }

  /** Counts the bytes read and fails when they are not the size the remote record states. */
  private static final class SizeChecked extends FilterInputStream {
    private final long expected;
    private long read;

    SizeChecked(InputStream in, long expected) {
      super(in);
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // read rather than skipped, so that every byte is counted
      byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    private void count(int n) throws IOException {
      if (n < 0) {
        if (read != expected) {
          throw mismatch();
        }
        return;
      }
      read += n;
      if (read > expected) {
        throw mismatch();
      }
    }

    private IOException mismatch() {
      return new IOException(read > expected
          ? "downloaded data is larger than the expected size " + expected
          : "downloaded data size " + read + " is different from expected " + expected);
    }
  }
}
