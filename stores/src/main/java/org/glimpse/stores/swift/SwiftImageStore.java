package org.glimpse.stores.swift;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.stores.ObjectIds;
import org.glimpse.stores.ObjectIds.DataName;

/**
 * Keeps image data in OpenStack Swift, in glance_store's single-tenant layout: each upload's data
 * is the object {@code <image-id>~<upload-id>} of the configured container, located as {@code
 * swift+config://<reference>/<container>/<object>} (the reference names the account and
 * credentials; no secret or endpoint is written into image records).
 *
 * <p>Staging streams the data into segment objects of the container {@code <container>_segments},
 * named {@code <object>/<attempt>/<index>} (attempt: random per stage call): the first up to
 * {@code swift_store_large_object_size}, the others up to {@code
 * swift_store_large_object_chunk_size}, each sent with chunked transfer encoding, so nothing is
 * buffered and an interrupted stream leaves no segment. Commit makes data of one segment a plain
 * object (a server-side copy, then the segment goes), as glance_store keeps data below the large
 * object size, and larger data a Static Large Object manifest over its segments, written only if
 * the object does not exist; deleting it removes its segments too.
 *
 * <p>Segments whose object exists belong to that data; others are temporary, listed with the image
 * and upload their name tells, for the store sweep.
 */
public final class SwiftImageStore implements ImageStore {
  static final String SCHEME = "swift+config";

  private final SwiftSettings settings;
  private final SwiftClient client;
  private final String prefix;
  private volatile boolean containersReady;

  public SwiftImageStore(SwiftSettings settings) {
    this.settings = settings;
    this.client = new SwiftClient(settings);
    this.prefix = SCHEME + "://" + settings.reference() + "/" + settings.container() + "/";
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public boolean handles(String location) {
    return dataNameOf(location).isPresent();
  }

  @Override
  public StagedData stage(String imageId, String uploadId, DataChunks data) throws IOException {
    DataName name = ObjectIds.dataName(imageId, uploadId);
    ensureContainers();
    SegmentedWrite write = new SegmentedWrite(client, settings, name.name());
    write.upload(new SegmentSource(data));
    return new StagedSwiftData(client, settings, write, name.name(), locationOf(name.name()));
  }

  @Override
  public InputStream open(String location, long offset, long length) throws IOException {
    if (offset < 0 || length < -1) {
      throw new IllegalArgumentException("offset " + offset + ", length " + length);
    }
    String object = require(location);
    if (length == 0) {
      if (client.head(settings.container(), object).isEmpty()) {
        throw new NotFoundException("Image data not found");
      }
      return InputStream.nullInputStream();
    }
    InputStream in = client.get(settings.container(), object, offset, length);
    // 416: the object exists and the range starts at or after its end
    return in == null ? InputStream.nullInputStream() : in;
  }

  @Override
  public void delete(String location) throws IOException {
    deleteData(require(location));
  }

  @Override
  public void discardUpload(String imageId, String uploadId) throws IOException {
    String object = uploadId == null ? ObjectIds.require(imageId) : ObjectIds.dataName(imageId, uploadId).name();
    deleteData(object);
  }

  @Override
  public Stream<StoredObject> list() throws IOException {
    List<StoredObject> objects = new ArrayList<>();
    Set<String> data = new HashSet<>();
    for (SwiftClient.Listed entry : client.list(settings.container(), "")) {
      Optional<DataName> name = ObjectIds.parseData(entry.name());
      if (name.isPresent()) {
        data.add(entry.name());
        objects.add(new StoredObject(entry.name(), name.get().imageId(), name.get().uploadId(), false,
            locationOf(entry.name()), entry.lastModified()));
      }
    }
    for (SwiftClient.Listed entry : client.list(settings.segmentContainer(), "")) {
      int slash = entry.name().indexOf('/');
      Optional<DataName> owner = slash < 0 ? Optional.empty() : ObjectIds.parseData(entry.name().substring(0, slash));
      if (owner.isPresent() && !data.contains(owner.get().name())) {
        objects.add(new StoredObject(entry.name(), owner.get().imageId(), owner.get().uploadId(), true, null,
            entry.lastModified()));
      }
    }
    return objects.stream();
  }

  @Override
  public void remove(StoredObject object) throws IOException {
    String name = object.name();
    int slash = name == null ? -1 : name.indexOf('/');
    if (slash > 0 && ObjectIds.parseData(name.substring(0, slash)).isPresent()) {
      client.delete(settings.segmentContainer(), name);
    } else if (name != null && ObjectIds.parseData(name).isPresent()) {
      deleteData(name);
    } else {
      throw new IllegalArgumentException("not an object of this store: " + object);
    }
  }

  /** Deletes a data object (a manifest with its segments) and any segment left under its name. */
  private void deleteData(String object) throws IOException {
    client.deleteWithSegments(settings.container(), object);
    SegmentedWrite.deleteSegments(client, settings, object + "/");
  }

  /** Makes the containers once per process when configured to, or says clearly that one is missing. */
  private void ensureContainers() throws IOException {
    if (containersReady) {
      return;
    }
    for (String container : List.of(settings.container(), settings.segmentContainer())) {
      if (client.head(container, null).isPresent()) {
        continue;
      }
      if (!settings.createContainerOnPut()) {
        throw new UnavailableException("Swift container '" + container + "' does not exist and"
            + " swift_store_create_container_on_put is false");
      }
      client.createContainer(container);
    }
    containersReady = true;
  }

  SwiftClient client() {
    return client;
  }

  private String locationOf(String object) {
    return prefix + object;
  }

  private String require(String location) {
    return dataNameOf(location).orElseThrow(
        () -> new BadRequestException("Location is not in this Swift store"));
  }

  /** The data object a location names, if it is one of this store's. */
  private Optional<String> dataNameOf(String location) {
    if (location == null || !location.startsWith(prefix)) {
      return Optional.empty();
    }
    String object = location.substring(prefix.length());
    return ObjectIds.parseData(object).isPresent() ? Optional.of(object) : Optional.empty();
  }
}
