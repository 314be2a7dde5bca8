-- Makes relative image paths absolute against the manuscript's folder (the first resource path),
-- so that every writer and the typesetter find the images wherever they run.
local root = PANDOC_STATE.resource_path[1]

function Image(image)
  local src = image.src
  if not src:match("^%a[%w+.-]*:") and not pandoc.path.is_absolute(src) then
    image.src = pandoc.path.normalize(pandoc.path.join({root, src}))
  end
  return image
end
