package org.glimpse.core.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An image record: everything Glance keeps about an image except its members. Mutable so that a
 * service can load it, change it step by step and save it with a status compare-and-swap.
 */
public final class Image {
  private String id;
  private String name;
  private ImageStatus status = ImageStatus.QUEUED;
  private Visibility visibility = Visibility.SHARED;
  private boolean isProtected;
  private boolean osHidden;
  private String checksum;
  private String osHashAlgo;
  private String osHashValue;
  private Long size;
  private Long virtualSize;
  private int minDisk;
  private int minRam;
  private String diskFormat;
  private String containerFormat;
  private String owner;
  private Set<String> tags = new LinkedHashSet<>();
  private Map<String, String> properties = new TreeMap<>();
  private Instant createdAt;
  private Instant updatedAt;
  private Instant deletedAt;
  private boolean deleted;
  /**
   * Where the image's data is kept, in order; the first is the primary location (the one downloads
   * read, {@link #getLocation}). Empty while there is no data.
   */
  private List<ImageLocation> locations = new ArrayList<>();
  /** The upload holding the image while it is saving; null in every other status. */
  private UploadLease upload;

  public Image copy() {
    Image c = new Image();
    c.id = id;
    c.name = name;
    c.status = status;
    c.visibility = visibility;
    c.isProtected = isProtected;
    c.osHidden = osHidden;
    c.checksum = checksum;
    c.osHashAlgo = osHashAlgo;
    c.osHashValue = osHashValue;
    c.size = size;
    c.virtualSize = virtualSize;
    c.minDisk = minDisk;
    c.minRam = minRam;
    c.diskFormat = diskFormat;
    c.containerFormat = containerFormat;
    c.owner = owner;
    c.tags = new LinkedHashSet<>(tags);
    c.properties = new TreeMap<>(properties);
    c.createdAt = createdAt;
    c.updatedAt = updatedAt;
    c.deletedAt = deletedAt;
    c.deleted = deleted;
    c.locations = new ArrayList<>(locations);
    c.upload = upload;
    return c;
  }

  /** Whether every field, tag (in order) and property of the two images is the same. */
  public boolean sameContent(Image other) {
    return Objects.equals(id, other.id) && Objects.equals(name, other.name) && status == other.status
        && visibility == other.visibility && isProtected == other.isProtected
        && osHidden == other.osHidden && Objects.equals(checksum, other.checksum)
        && Objects.equals(osHashAlgo, other.osHashAlgo) && Objects.equals(osHashValue, other.osHashValue)
        && Objects.equals(size, other.size) && Objects.equals(virtualSize, other.virtualSize)
        && minDisk == other.minDisk && minRam == other.minRam
        && Objects.equals(diskFormat, other.diskFormat)
        && Objects.equals(containerFormat, other.containerFormat) && Objects.equals(owner, other.owner)
        && List.copyOf(tags).equals(List.copyOf(other.tags)) && properties.equals(other.properties)
        && Objects.equals(createdAt, other.createdAt) && Objects.equals(updatedAt, other.updatedAt)
        && Objects.equals(deletedAt, other.deletedAt) && deleted == other.deleted
        && locations.equals(other.locations) && Objects.equals(upload, other.upload);
  }

  /** Forgets the image's data: no size, hashes or location, as Glance leaves a queued image. */
  public void clearData() {
    size = null;
    virtualSize = null;
    checksum = null;
    osHashAlgo = null;
    osHashValue = null;
    locations.clear();
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public ImageStatus getStatus() { return status; }
  public void setStatus(ImageStatus status) { this.status = status; }
  public Visibility getVisibility() { return visibility; }
  public void setVisibility(Visibility visibility) { this.visibility = visibility; }
  public boolean isProtected() { return isProtected; }
  public void setProtected(boolean value) { this.isProtected = value; }
  public boolean isOsHidden() { return osHidden; }
  public void setOsHidden(boolean osHidden) { this.osHidden = osHidden; }
  public String getChecksum() { return checksum; }
  public void setChecksum(String checksum) { this.checksum = checksum; }
  public String getOsHashAlgo() { return osHashAlgo; }
  public void setOsHashAlgo(String osHashAlgo) { this.osHashAlgo = osHashAlgo; }
  public String getOsHashValue() { return osHashValue; }
  public void setOsHashValue(String osHashValue) { this.osHashValue = osHashValue; }
  public Long getSize() { return size; }
  public void setSize(Long size) { this.size = size; }
  public Long getVirtualSize() { return virtualSize; }
  public void setVirtualSize(Long virtualSize) { this.virtualSize = virtualSize; }
  public int getMinDisk() { return minDisk; }
  public void setMinDisk(int minDisk) { this.minDisk = minDisk; }
  public int getMinRam() { return minRam; }
  public void setMinRam(int minRam) { this.minRam = minRam; }
  public String getDiskFormat() { return diskFormat; }
  public void setDiskFormat(String diskFormat) { this.diskFormat = diskFormat; }
  public String getContainerFormat() { return containerFormat; }
  public void setContainerFormat(String containerFormat) { this.containerFormat = containerFormat; }
  public String getOwner() { return owner; }
  public void setOwner(String owner) { this.owner = owner; }
  /** Tags in insertion order; the returned set is live. */
  public Set<String> getTags() { return tags; }
  public void setTags(Set<String> tags) { this.tags = new LinkedHashSet<>(tags); }
  /** Custom (extra) properties, sorted by key; the returned map is live. */
  public Map<String, String> getProperties() { return properties; }
  public void setProperties(Map<String, String> properties) { this.properties = new TreeMap<>(properties); }
  public Instant getCreatedAt() { return createdAt; }
  public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
  public Instant getUpdatedAt() { return updatedAt; }
  public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
  public Instant getDeletedAt() { return deletedAt; }
  public void setDeletedAt(Instant deletedAt) { this.deletedAt = deletedAt; }
  public boolean isDeleted() { return deleted; }
  public void setDeleted(boolean deleted) { this.deleted = deleted; }
  /** Store URI of the primary location (file://…, s3://…), or null while there is none. */
  public String getLocation() { return locations.isEmpty() ? null : locations.get(0).url(); }

  /**
   * Makes {@code location} the image's only location (null: none). Setting the primary location
   * it already has changes nothing, so its other locations and the metadata stay.
   */
  public void setLocation(String location) {
    if (location == null) {
      locations.clear();
    } else if (!location.equals(getLocation())) {
      locations = new ArrayList<>(List.of(ImageLocation.of(location)));
    }
  }

  /** Every location, primary first (an unmodifiable copy). */
  public List<ImageLocation> getLocations() { return List.copyOf(locations); }
  public void setLocations(List<ImageLocation> locations) { this.locations = new ArrayList<>(locations); }
  public UploadLease getUpload() { return upload; }
  public void setUpload(UploadLease upload) { this.upload = upload; }
}
