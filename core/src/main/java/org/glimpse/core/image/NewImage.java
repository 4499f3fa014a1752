package org.glimpse.core.image;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What a caller asks for when creating an image; null fields take Glance's defaults. */
public final class NewImage {
  public String id;
  public String name;
  public Visibility visibility;
  public Boolean isProtected;
  public Boolean osHidden;
  public Integer minDisk;
  public Integer minRam;
  public String diskFormat;
  public String containerFormat;
  public String owner;
  /** The request asked for no owner at all ({@code "owner": null}; Glance lets only admins). */
  public boolean noOwner;
  /** v1 only: a size, virtual size and checksum the caller states for a reserved image. */
  public Long size;
  public Long virtualSize;
  public String checksum;
  /** v1 only: an external location the image's data is read from (it starts active). */
  public String location;
  /** The status to start in, when not queued (v1 reserves an image of size 0 as active). */
  public ImageStatus status;
  /** The upload that will hold the image, when it starts {@code saving} (v1 creates with data). */
  public UploadLease upload;
  public final Set<String> tags = new LinkedHashSet<>();
  public final Map<String, String> properties = new LinkedHashMap<>();
}
