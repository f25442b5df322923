<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- dosah: capacity gaps per region and question: regions short of capacity in red, the
     others in pale green. Its labels are off: the region's label (regions style) states the
     gap and the shortfall, so that no two labels stand on one region. -->
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Fields" labelsEnabled="0">
  <renderer-v2 type="categorizedSymbol" attr="gap" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <categories>
      <category symbol="0" value="1" label="{{gap}}" render="true"/>
      <category symbol="1" value="0" label="{{no gap}}" render="true"/>
      <category symbol="2" value="" label="{{not determined}}" render="true"/>
    </categories>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="239,138,98,200"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="103,0,13,255"/>
            <Option name="outline_style" type="QString" value="solid"/>
            <Option name="outline_width" type="QString" value="0.6"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="217,240,211,160"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="27,120,55,255"/>
            <Option name="outline_style" type="QString" value="solid"/>
            <Option name="outline_width" type="QString" value="0.4"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="220,220,220,120"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="120,120,120,255"/>
            <Option name="outline_style" type="QString" value="solid"/>
            <Option name="outline_width" type="QString" value="0.3"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName='"name" || CASE WHEN "shortfall" > 0 THEN &apos;\n{{short}} &apos; || "shortfall" ELSE &apos;&apos; END'
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
