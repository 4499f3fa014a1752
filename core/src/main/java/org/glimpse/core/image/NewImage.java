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
  public final Set<String> tags = new LinkedHashSet<>();
  public final Map<String, String> properties = new LinkedHashMap<>();
}
