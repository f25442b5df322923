<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- dosah: regions by population-weighted mean travel time to the nearest @KEY@ facility
     (the classes and colours of the municipalities' style), with thick outlines, labelled
     with the name and the share of population within @THRESHOLD@ min, floored like the
     report's (99.8 % shows as 99 %, never 100 %; the line is left out when the share is
     NULL), and, for a question with a norm or target, a third line stating the region's gap
     (the gaps layer itself carries no label, so no two labels stand on one region). -->
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Fields" labelsEnabled="1">
  <renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <rules key="root">
      <rule key="unreachable" symbol="0" label="{{unreachable}}" filter='"@KEY@_minutes" IS NULL'/>
      <rule key="m0-10" symbol="1" label="0–10 min" filter='"@KEY@_minutes" &lt;= 10'/>
      <rule key="m10-20" symbol="2" label="10–20 min" filter='"@KEY@_minutes" > 10 AND "@KEY@_minutes" &lt;= 20'/>
      <rule key="m20-30" symbol="3" label="20–30 min" filter='"@KEY@_minutes" > 20 AND "@KEY@_minutes" &lt;= 30'/>
      <rule key="m30-45" symbol="4" label="30–45 min" filter='"@KEY@_minutes" > 30 AND "@KEY@_minutes" &lt;= 45'/>
      <rule key="m45-60" symbol="5" label="45–60 min" filter='"@KEY@_minutes" > 45 AND "@KEY@_minutes" &lt;= 60'/>
      <rule key="m60-90" symbol="6" label="60–90 min" filter='"@KEY@_minutes" > 60 AND "@KEY@_minutes" &lt;= 90'/>
      <rule key="m90" symbol="7" label="{{over 90 min}}" filter='"@KEY@_minutes" > 90'/>
    </rules>
    <symbols>
      <!-- unreachable: pale grey, hatched, so that it never reads as a short time -->
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="214,214,214,255"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_style" type="QString" value="solid"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
        <layer class="LinePatternFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="angle" type="QString" value="45"/>
            <Option name="distance" type="QString" value="1.6"/>
            <Option name="distance_unit" type="QString" value="MM"/>
          </Option>
          <symbol type="line" name="@0@1" alpha="1" clip_to_extent="1" force_rhr="0">
            <layer class="SimpleLine" enabled="1" locked="0" pass="0">
              <Option type="Map">
                <Option name="line_color" type="QString" value="110,110,110,255"/>
                <Option name="line_style" type="QString" value="solid"/>
                <Option name="line_width" type="QString" value="0.2"/>
                <Option name="line_width_unit" type="QString" value="MM"/>
              </Option>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <!-- travel time: one hue path from pale lime through yellow and orange to dark red,
           lightness falling monotonically so the order survives colour-vision deficiency
           and greyscale printing -->
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="227,244,176,255"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="251,226,122,255"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="249,180,81,255"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="242,138,58,255"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="224,80,42,255"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="6" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="178,31,43,255"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="7" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="107,15,36,255"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="35,35,35,255"/>
            <Option name="outline_width" type="QString" value="0.8"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
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
