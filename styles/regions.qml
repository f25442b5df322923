<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- dosah: region outlines over the municipalities, labelled with the name and the share of
     population that @KEY@ reaches within @THRESHOLD@ min (the second line is left out when
     the share is NULL). -->
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Fields" labelsEnabled="1">
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="style" type="QString" value="no"/>
            <Option name="color" type="QString" value="0,0,0,0"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_style" type="QString" value="solid"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
            <Option name="joinstyle" type="QString" value="round"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName='"name" || coalesce(&apos;\n&apos; || format_number("@KEY@_within" * 100, 0) || &apos; % do @THRESHOLD@ min&apos;, &apos;&apos;)'
                  isExpression="1" fontFamily="DejaVu Sans" fontWeight="75" fontSize="9" fontSizeUnit="Point"
                  textColor="25,25,25,255" textOpacity="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="0.9" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferJoinStyle="128"/>
      </text-style>
      <text-format multilineAlign="1" wrapChar=""/>
      <placement placement="1" centroidInside="1" centroidWhole="0"/>
      <rendering obstacle="0" displayAll="0" upsidedownLabels="0"/>
    </settings>
  </labeling>
</qgis>
