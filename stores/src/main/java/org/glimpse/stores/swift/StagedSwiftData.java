package org.glimpse.stores.swift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.List;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.port.ImageStore.StagedData;

/**
 * Staged Swift data: segments nobody reads until commit makes them the upload's object. One
 * segment is copied to the object name (then removed); several get a Static Large Object manifest
 * written with {@code If-None-Match: *}, so an existing object is never replaced.
 */
final class StagedSwiftData implements StagedData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SwiftClient client;
  private final SwiftSettings settings;
  private final SegmentedWrite write;
  private final String object;
  private final String location;
  private boolean committed;
  private boolean closed;

  StagedSwiftData(SwiftClient client, SwiftSettings settings, SegmentedWrite write, String object, String location) {
    this.client = client;
    this.settings = settings;
    this.write = write;
    this.object = object;
    this.location = location;
  }

  @Override
  public long size() {
    return write.size();
  }

  @Override
  public synchronized String commit() throws IOException {
    if (committed || closed) {
      throw new IllegalStateException("staged data of " + object + " was already " + (committed ? "committed" : "closed"));
    }
    List<SegmentedWrite.Segment> segments = write.segments();
    if (segments.size() == 1) {
      // Swift applies If-None-Match of a copy to its source, so the existence check is a HEAD; a
      // second commit of the same upload id is the uploader's bug, not a race it runs
      if (client.head(settings.container(), object).isPresent()) {
        throw new ConflictException("Swift object " + settings.container() + "/" + object + " already exists");
      }
      client.copy(settings.segmentContainer(), segments.get(0).name(), settings.container(), object);
      committed = true;
      try {
        write.deleteAll();
      } catch (IOException | RuntimeException e) {
        // the data is committed; a segment left behind goes when the data is deleted
      }
    } else {
      client.putManifest(settings.container(), object, manifest(segments));
      committed = true;
    }
    return location;
  }

  @Override
  public synchronized void close() throws IOException {
    if (committed || closed) {
      return;
    }
    closed = true;
    write.deleteAll();
  }

  private String manifest(List<SegmentedWrite.Segment> segments) {
    ArrayNode entries = JSON.createArrayNode();
    for (SegmentedWrite.Segment segment : segments) {
      entries.addObject()
          .put("path", "/" + settings.segmentContainer() + "/" + segment.name())
          .put("etag", segment.etag())
          .put("size_bytes", segment.size());
    }
    return entries.toString();
  }
}
