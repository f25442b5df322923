<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- dosah: proposed sites for new capacity: a star per site, labelled with its rank and
     name. -->
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Fields" labelsEnabled="1">
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="name" type="QString" value="star"/>
            <Option name="color" type="QString" value="227,26,28,255"/>
            <Option name="outline_color" type="QString" value="255,255,255,255"/>
            <Option name="outline_width" type="QString" value="0.4"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
            <Option name="size" type="QString" value="5"/>
            <Option name="size_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName='"rank" || &apos;. &apos; || coalesce("name", "site")'
                  isExpression="1" fontFamily="DejaVu Sans" fontWeight="75" fontSize="8" fontSizeUnit="Point"
                  textColor="120,0,0,255" textOpacity="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.9" bufferJoinStyle="128"/>
      </text-style>
      <text-format multilineAlign="0" wrapChar=""/>
      <placement placement="0" dist="2" distUnits="MM"/>
      <rendering obstacle="1" displayAll="1" upsidedownLabels="0"/>
    </settings>
  </labeling>
</qgis>
