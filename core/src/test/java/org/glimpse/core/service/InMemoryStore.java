package org.glimpse.core.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.glimpse.core.data.DataChunks;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.port.ImageStore;

/**
 * Committed objects in memory, named {@code mem://<image>~<upload>}; staged objects still open are
 * listed in {@code staged} ({@code <image>~<upload>}). Every object was last modified at {@code
 * modified}, or at the time {@code ages} gives it.
 */
class InMemoryStore implements ImageStore {
  final Map<String, byte[]> objects = new HashMap<>();
  final List<String> staged = new ArrayList<>();
  /** Temporary objects left behind (a crash), by name {@code <image>~<upload>}. */
  final Map<String, byte[]> leftovers = new HashMap<>();
  final Map<String, Instant> ages = new HashMap<>();
  Instant modified = Instant.EPOCH;
  /** Reads of stored data so far. */
  int opens;

  static String location(String imageId, String uploadId) {
    return "mem://" + imageId + (uploadId == null ? "" : "~" + uploadId);
  }

  @Override
  public String scheme() {
    return "mem";
  }

  @Override
  public boolean handles(String location) {
    return location.startsWith("mem://");
  }

  @Override
  public StagedData stage(String imageId, String uploadId, DataChunks data) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (java.nio.ByteBuffer chunk = data.next(); chunk != null; chunk = data.next()) {
      byte[] copy = new byte[chunk.remaining()];
      chunk.get(copy);
      all.writeBytes(copy);
    }
    byte[] bytes = all.toByteArray();
    String name = imageId + "~" + uploadId;
    staged.add(name);
    return new StagedData() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public String commit() {
        String location = location(imageId, uploadId);
        objects.put(location, bytes);
        return location;
      }

      @Override
      public void close() {
        staged.remove(name);
      }
    };
  }

  @Override
  public InputStream open(String location, long offset, long length) {
    opens++;
    byte[] all = objects.get(location);
    if (all == null) {
      throw new NotFoundException("no object " + location);
    }
    int end = length < 0 ? all.length : (int) Math.min(all.length, offset + length);
    return new ByteArrayInputStream(all, (int) offset, end - (int) offset);
  }

  @Override
  public void delete(String location) {
    objects.remove(location);
  }

  @Override
  public void discardUpload(String imageId, String uploadId) {
    objects.remove(location(imageId, uploadId));
    leftovers.remove(imageId + "~" + uploadId);
  }

  @Override
  public Stream<StoredObject> list() {
    List<StoredObject> all = new ArrayList<>();
    objects.keySet().forEach(location -> {
      String name = location.substring("mem://".length());
      String[] parts = name.split("~", 2);
      all.add(new StoredObject(name, parts[0], parts.length > 1 ? parts[1] : null, false, location,
          ages.getOrDefault(name, modified)));
    });
    leftovers.keySet().forEach(name -> {
      String[] parts = name.split("~", 2);
      all.add(new StoredObject("." + name + ".tmp", parts[0], parts[1], true, null,
          ages.getOrDefault(name, modified)));
    });
    return all.stream();
  }

  @Override
  public void remove(StoredObject object) {
    if (object.temporary()) {
      leftovers.remove(object.imageId() + "~" + object.uploadId());
    } else {
      objects.remove(object.location());
    }
  }
}
