<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- dosah project: the regions' labels for question @KEY@ (no symbol: the outlines are the
     base group's): name, the share within @THRESHOLD@ min floored, and the gap line. -->
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Fields" labelsEnabled="1">
  <renderer-v2 type="nullSymbol"/>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName='"name" || coalesce(&apos;\n&apos; || format_number(floor("@KEY@_within" * 100 + 1e-9), 0) || &apos; % {{within}} @THRESHOLD@ min&apos;, &apos;&apos;)@GAPLINE@'
                  isExpression="1" fontFamily="DejaVu Sans" fontWeight="75" fontSize="9" fontSizeUnit="Point"
                  textColor="25,25,25,255" textOpacity="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="0.9" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferJoinStyle="128"/>
      </text-style>
      <text-format multilineAlign="1" wrapChar=""/>
      <placement placement="4" priority="10" centroidInside="1" centroidWhole="0"/>
      <rendering obstacle="0" displayAll="0" upsidedownLabels="0"/>
    </settings>
  </labeling>
</qgis>
