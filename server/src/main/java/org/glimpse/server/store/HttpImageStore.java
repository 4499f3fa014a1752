package org.glimpse.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.error.GoneException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.server.imports.BoundedBody;
import org.glimpse.server.imports.SafeWebSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glance_store's http store: read-only data at {@code http://} and {@code https://} locations.
 * Every request goes through {@link SafeWebSource}, so each location and every redirect it leads
 * to is held to {@code [import_filtering_opts]} and never reaches an internal address the options
 * do not allow. Reads ask for the wanted range; the size comes from a HEAD's Content-Length.
 * Adding data is refused as glance_store refuses it (the store is disabled for adding), and
 * deleting leaves the remote data alone: the image record goes, the web server keeps its file.
 */
public final class HttpImageStore implements ImageStore {
  private static final Logger LOG = LoggerFactory.getLogger(HttpImageStore.class);

  private final SafeWebSource web;

  public HttpImageStore(SafeWebSource web) {
    this.web = web;
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public boolean handles(String location) {
    String l = location == null ? "" : location.toLowerCase(Locale.ROOT);
    return l.startsWith("http://") || l.startsWith("https://");
  }

  @Override
  public boolean writable() {
    return false;
  }

  /** Checked without I/O: the filtering rules, and an internal address written in the URL. */
  @Override
  public String externalRefusal(String location) {
    String why = web.refusal(location);
    return why == null ? null : "URI " + location + " does not pass filtering: " + why;
  }

  @Override
  public StagedData stage(String imageId, String uploadId, DataChunks data) {
    throw new GoneException("Error in store configuration. Adding images to store is disabled.");
  }

  @Override
  public InputStream open(String location, long offset, long length) throws IOException {
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    boolean ranged = offset > 0 || length > 0;
    Map<String, String> headers = ranged
        ? Map.of("Range", "bytes=" + offset + "-" + (length > 0 ? Long.toString(offset + length - 1) : ""))
        : Map.of();
    SafeWebSource.Answer answer = web.request("GET", location, headers);
    InputStream body = answer.body();
    try {
      failUnlessOk(answer, location);
      if (answer.status() == 206) {
        if (answer.contentRange() == null || !answer.contentRange().startsWith("bytes " + offset + "-")) {
          throw new IOException("GET " + answer.uri() + " answered a range other than the one asked ("
              + answer.contentRange() + ")");
        }
      } else if (offset > 0) {
        // the server ignored Range: read past what is not wanted
        body.skipNBytes(offset);
      }
      // a server that ignored Range sends more than asked; one that sends less fails the read
      return length > 0 ? new BoundedBody(body, length) : body;
    } catch (IOException | RuntimeException e) {
      body.close();
      throw e;
    }
  }

  @Override
  public long size(String location) throws IOException {
    SafeWebSource.Answer answer = web.request("HEAD", location, Map.of());
    answer.body().close();
    failUnlessOk(answer, location);
    if (answer.contentLength() < 0) {
      throw new IOException("HEAD " + answer.uri() + " gave no Content-Length: the size is not known");
    }
    return answer.contentLength();
  }

  private static void failUnlessOk(SafeWebSource.Answer answer, String location) throws IOException {
    if (answer.status() == 404 || answer.status() == 410) {
      throw new NotFoundException("No image data at " + location + " (" + answer.status() + ")");
    }
    if (answer.status() != 200 && answer.status() != 206) {
      throw new IOException(answer.uri() + " answered " + answer.status());
    }
  }

  @Override
  public void delete(String location) {
    LOG.info("http store: {} is not deleted (the http store is read-only)", location);
  }

  @Override
  public void discardUpload(String imageId, String uploadId) {
    // nothing is ever written here
  }

  @Override
  public Stream<StoredObject> list() {
    return Stream.empty();
  }

  @Override
  public void remove(StoredObject object) {
    // list() returns nothing, so there is nothing to remove
  }
}
