package org.glimpse.core.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.port.ImageStore;

/** Committed objects in memory; staged objects still open are listed in {@code staged}. */
final class InMemoryStore implements ImageStore {
  final Map<String, byte[]> objects = new HashMap<>();
  final List<String> staged = new ArrayList<>();

  @Override
  public String scheme() {
    return "mem";
  }

  @Override
  public boolean handles(String location) {
    return location.startsWith("mem://");
  }

  @Override
  public StagedData stage(String imageId, InputStream data) throws IOException {
    byte[] bytes = data.readAllBytes();
    staged.add(imageId);
    return new StagedData() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public String commit() {
        objects.put("mem://" + imageId, bytes);
        return "mem://" + imageId;
      }

      @Override
      public void close() {
        staged.remove(imageId);
      }
    };
  }

  @Override
  public InputStream open(String location, long offset, long length) {
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
}
